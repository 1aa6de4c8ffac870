/**
 * The S3 error table: every error code Amazon S3 documents in the API reference ("Error
 * responses → List of error codes", https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList),
 * with its HTTP status and default message, plus the few codes S3 returns that the list omits
 * (`XAmzContentSHA256Mismatch`, `InvalidChunkSizeError`, `TooManyParts`, `InvalidPartNumber`,
 * `BadRequest`…)
 * and Strata's own (`QuotaExceeded`, `InsufficientStorage`).
 *
 * Messages are the text S3 puts in `<Message>` where it is known from real responses, otherwise
 * the description from the documentation. Codes the documentation lists with status "N/A"
 * (SOAP-only) are given 400, the status S3 uses for every other client-side request error.
 *
 * (This file is long because it is one data table; splitting it would scatter the list people
 * search.)
 *
 * @example
 * ```ts
 * S3_ERRORS.NoSuchKey.status; // 404
 * ```
 */
export const S3_ERRORS = {
  AccessControlListNotSupported: { status: 400, message: 'The bucket does not allow ACLs' },
  AccessDenied: { status: 403, message: 'Access Denied' },
  // Not in the documented list; S3 answers it to a CORS preflight no rule allows.
  AccessForbidden: { status: 403, message: 'CORSResponse: This CORS request is not allowed.' },
  AccessPointAlreadyOwnedByYou: {
    status: 409,
    message: 'An access point with an identical name already exists in your account.',
  },
  AccountProblem: {
    status: 403,
    message:
      'There is a problem with your AWS account that prevents the action from completing successfully.',
  },
  AllAccessDisabled: {
    status: 403,
    message: 'All access to this Amazon S3 resource has been disabled.',
  },
  AmbiguousGrantByEmailAddress: {
    status: 400,
    message: 'The email address you provided is associated with more than one account.',
  },
  AuthorizationHeaderMalformed: {
    status: 400,
    message: 'The authorization header you provided is invalid.',
  },
  AuthorizationQueryParametersError: {
    status: 400,
    message: 'The authorization query parameters that you provided are not valid.',
  },
  // Not in the documented list; S3 answers it for more than 10 tags on an object.
  BadRequest: { status: 400, message: 'Bad Request' },
  BadDigest: {
    status: 400,
    message: 'The Content-MD5 you specified did not match what we received.',
  },
  BucketAlreadyExists: {
    status: 409,
    message:
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
  },
  BucketAlreadyOwnedByYou: {
    status: 409,
    message: 'Your previous request to create the named bucket succeeded and you already own it.',
  },
  BucketHasAccessPointsAttached: {
    status: 400,
    message:
      'The bucket you tried to delete has access points attached. Delete your access points before deleting your bucket.',
  },
  BucketNotEmpty: { status: 409, message: 'The bucket you tried to delete is not empty' },
  ClientTokenConflict: {
    status: 409,
    message:
      'Your Multi-Region Access Point idempotency token was already used for a different request.',
  },
  ConditionalRequestConflict: {
    status: 409,
    message:
      'The conditional request cannot succeed due to a conflicting operation against this resource.',
  },
  ConnectionClosedByRequester: {
    status: 400,
    message: 'The connection was closed by the requester while reading the request body.',
  },
  CredentialsNotSupported: { status: 400, message: 'This request does not support credentials.' },
  CrossLocationLoggingProhibited: {
    status: 403,
    message:
      'Cross-location logging not allowed. Buckets in one geographic location cannot log information to a bucket in another location.',
  },
  DeviceNotActiveError: { status: 400, message: 'The device is not currently active.' },
  EncryptionTypeMismatch: {
    status: 400,
    message: 'The existing object was created with a different encryption type.',
  },
  EndpointNotFound: { status: 400, message: 'Direct requests to the correct endpoint.' },
  EntityTooLarge: {
    status: 400,
    message: 'Your proposed upload exceeds the maximum allowed size',
  },
  EntityTooSmall: {
    status: 400,
    message: 'Your proposed upload is smaller than the minimum allowed size',
  },
  ExpiredToken: { status: 400, message: 'The provided token has expired.' },
  IllegalLocationConstraintException: {
    status: 400,
    message:
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
  },
  IllegalVersioningConfigurationException: {
    status: 400,
    message: 'The versioning configuration specified in the request is invalid.',
  },
  IncompleteBody: {
    status: 400,
    message: 'You did not provide the number of bytes specified by the Content-Length HTTP header',
  },
  IncorrectEndpoint: {
    status: 400,
    message:
      'The specified bucket exists in another Region. Direct requests to the correct endpoint.',
  },
  IncorrectNumberOfFilesInPostRequest: {
    status: 400,
    message: 'POST requires exactly one file upload per request.',
  },
  InlineDataTooLarge: { status: 400, message: 'Inline data exceeds the maximum allowed size.' },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  InvalidAccessKeyId: {
    status: 403,
    message: 'The AWS Access Key Id you provided does not exist in our records.',
  },
  InvalidAccessPoint: {
    status: 400,
    message: 'The specified access point name or account is not valid.',
  },
  InvalidAccessPointAliasError: {
    status: 400,
    message: 'The specified access point alias name is not valid.',
  },
  InvalidAddressingHeader: { status: 400, message: 'You must specify the Anonymous role.' },
  InvalidArgument: { status: 400, message: 'Invalid Argument' },
  InvalidBucketAclWithObjectOwnership: {
    status: 400,
    message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
  },
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.' },
  InvalidBucketOwnerAWSAccountID: {
    status: 400,
    message: 'The value of the expected bucket owner parameter must be an AWS account ID.',
  },
  InvalidBucketState: {
    status: 409,
    message: 'The request is not valid with the current state of the bucket.',
  },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified is not valid.' },
  InvalidEncryptionAlgorithmError: {
    status: 400,
    message: 'The encryption request you specified is not valid. The valid value is AES256.',
  },
  InvalidHostHeader: {
    status: 400,
    message: 'The host headers provided in the request used the incorrect style addressing.',
  },
  InvalidHttpMethod: {
    status: 400,
    message: 'The request is made using an unexpected HTTP method.',
  },
  InvalidLocationConstraint: {
    status: 400,
    message: 'The specified location constraint is not valid.',
  },
  InvalidObjectState: {
    status: 403,
    message: 'The operation is not valid for the current state of the object.',
  },
  InvalidPart: {
    status: 400,
    message:
      "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
  },
  InvalidPartNumber: { status: 416, message: 'The requested partnumber is not satisfiable' },
  InvalidPartOrder: {
    status: 400,
    message:
      'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
  },
  InvalidPayer: { status: 403, message: 'All access to this object has been disabled.' },
  InvalidPolicyDocument: {
    status: 400,
    message:
      'The content of the form does not meet the conditions specified in the policy document.',
  },
  InvalidRange: { status: 416, message: 'The requested range is not satisfiable' },
  InvalidRegion: {
    status: 403,
    message: 'You attempted to use a Region that you have not opted in to.',
  },
  InvalidRequest: { status: 400, message: 'Invalid Request' },
  // Not in the documented list; Ceph's s3-tests expect it for an Object Lock default retention of
  // zero or less, or over 100 years (versity/versitygw#2187). S3 itself has been seen answering
  // `InvalidArgument` with this message and `ArgumentName` `Days` (versity/versitygw#1738).
  InvalidRetentionPeriod: {
    status: 400,
    message: 'Default retention period must be a positive integer value.',
  },
  InvalidSecurity: {
    status: 403,
    message: 'The provided security credentials are not valid.',
  },
  InvalidSessionException: {
    status: 400,
    message: 'The session no longer exists because it timed out or expired.',
  },
  InvalidSignature: {
    status: 400,
    message:
      'The request signature that the server calculated does not match the signature that you provided.',
  },
  InvalidSOAPRequest: { status: 400, message: 'The SOAP request body is invalid.' },
  InvalidStorageClass: { status: 400, message: 'The storage class you specified is not valid' },
  InvalidTag: { status: 400, message: 'The tag provided was not a valid tag.' },
  InvalidTargetBucketForLogging: {
    status: 400,
    message:
      'The target bucket for logging does not exist, is not owned by you, or does not have the appropriate grants for the log-delivery group.',
  },
  InvalidToken: {
    status: 400,
    message: 'The provided token is malformed or otherwise invalid.',
  },
  InvalidURI: { status: 400, message: "Couldn't parse the specified URI." },
  InvalidWriteOffset: {
    status: 400,
    message: 'The write offset value that you specified does not match the current object size.',
  },
  KeyTooLongError: { status: 400, message: 'Your key is too long' },
  'KMS.DisabledException': { status: 400, message: 'The specified KMS key is disabled.' },
  'KMS.InvalidKeyUsageException': {
    status: 400,
    message: 'The KMS key usage or algorithm is not compatible with the operation.',
  },
  'KMS.KMSInvalidStateException': {
    status: 400,
    message: 'The state of the specified KMS key is not valid for this request.',
  },
  'KMS.NotFoundException': {
    status: 400,
    message: 'The specified KMS entity or resource could not be found.',
  },
  MalformedACLError: {
    status: 400,
    message:
      'The XML you provided was not well-formed or did not validate against our published schema.',
  },
  // S3 always names the fault ("Policies must be valid JSON and the first byte must be '{'",
  // "Policy has invalid resource", "Invalid principal in policy"…) and documents no generic text,
  // so the default is neutral; callers pass the specific reason as the message.
  MalformedPolicy: { status: 400, message: 'The policy is not valid.' },
  MalformedPOSTRequest: {
    status: 400,
    message: 'The body of your POST request is not well-formed multipart/form-data.',
  },
  MalformedTrailerError: {
    status: 400,
    message:
      'The request contained trailing data that was not well-formed or did not conform to our published schema.',
  },
  MalformedXML: {
    status: 400,
    message:
      'The XML you provided was not well-formed or did not validate against our published schema',
  },
  MaxMessageLengthExceeded: { status: 400, message: 'Your request was too big.' },
  MaxPostPreDataLengthExceededError: {
    status: 400,
    message: 'Your POST request fields preceding the upload file were too large.',
  },
  MetadataTooLarge: {
    status: 400,
    message: 'Your metadata headers exceed the maximum allowed metadata size.',
  },
  MethodNotAllowed: {
    status: 405,
    message: 'The specified method is not allowed against this resource.',
  },
  MissingAttachment: {
    status: 400,
    message: 'A SOAP attachment was expected, but none were found.',
  },
  MissingAuthenticationToken: { status: 403, message: 'The request was not signed.' },
  MissingContentLength: {
    status: 411,
    message: 'You must provide the Content-Length HTTP header.',
  },
  MissingRequestBodyError: { status: 400, message: 'Request Body is empty' },
  MissingSecurityElement: {
    status: 400,
    message: 'The SOAP 1.1 request is missing a security element.',
  },
  MissingSecurityHeader: { status: 400, message: 'Your request is missing a required header.' },
  NoLoggingStatusForKey: {
    status: 400,
    message: 'There is no such thing as a logging status subresource for a key.',
  },
  NoSuchAccessPoint: { status: 404, message: 'The specified access point does not exist.' },
  NoSuchAsyncRequest: { status: 404, message: 'The specified request was not found.' },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist' },
  NoSuchBucketPolicy: { status: 404, message: 'The bucket policy does not exist' },
  NoSuchCORSConfiguration: { status: 404, message: 'The CORS configuration does not exist' },
  NoSuchKey: { status: 404, message: 'The specified key does not exist.' },
  NoSuchLifecycleConfiguration: {
    status: 404,
    message: 'The lifecycle configuration does not exist',
  },
  NoSuchMultiRegionAccessPoint: {
    status: 404,
    message: 'The specified Multi-Region Access Point does not exist.',
  },
  NoSuchObjectLockConfiguration: {
    status: 404,
    message: 'The specified object does not have an Object Lock configuration.',
  },
  // Not in the documented list; S3 answers it to GetPublicAccessBlock on a bucket that has no
  // configuration (boto/boto3#3627, ceph/ceph#55652).
  NoSuchPublicAccessBlockConfiguration: {
    status: 404,
    message: 'The public access block configuration was not found',
  },
  NoSuchTagSet: { status: 404, message: 'The TagSet does not exist' },
  NoSuchUpload: {
    status: 404,
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  },
  NoSuchVersion: { status: 404, message: 'The specified version does not exist.' },
  NoSuchWebsiteConfiguration: {
    status: 404,
    message: 'The specified bucket does not have a website configuration',
  },
  NoTransformationDefined: {
    status: 404,
    message: 'No transformation was found for this Object Lambda Access Point.',
  },
  NotDeviceOwnerError: {
    status: 400,
    message: 'The device that generated the token is not owned by the authenticated user.',
  },
  NotImplemented: {
    status: 501,
    message: 'A header you provided implies functionality that is not implemented',
  },
  // S3 answers a failed If-None-Match / If-Modified-Since GET or HEAD with 304 and no body; the
  // code exists so conditional checks can throw like any other failure.
  NotModified: { status: 304, message: 'Not Modified' },
  NotSignedUp: { status: 403, message: 'Your account is not signed up for the Amazon S3 service.' },
  ObjectLockConfigurationNotFoundError: {
    status: 404,
    message: 'Object Lock configuration does not exist for this bucket',
  },
  OperationAborted: {
    status: 409,
    message:
      'A conflicting conditional operation is currently in progress against this resource. Please try again.',
  },
  OwnershipControlsNotFoundError: {
    status: 404,
    message: 'The bucket ownership controls were not found',
  },
  PermanentRedirect: {
    status: 301,
    message:
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
  },
  PermanentRedirectControlError: {
    status: 301,
    message:
      'The API operation you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
  },
  PreconditionFailed: {
    status: 412,
    message: 'At least one of the pre-conditions you specified did not hold',
  },
  Redirect: { status: 307, message: 'Temporary redirect.' },
  RequestHeaderSectionTooLarge: {
    status: 400,
    message: 'Your request header section exceeds the maximum allowed size.',
  },
  RequestIsNotMultiPartContent: {
    status: 400,
    message: 'Bucket POST must be of the enclosure-type multipart/form-data.',
  },
  RequestTimeout: {
    status: 400,
    message:
      'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
  },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
  },
  RequestTorrentOfBucketError: {
    status: 400,
    message: 'Requesting the torrent file of a bucket is not permitted.',
  },
  ResponseInterrupted: {
    status: 400,
    message: 'An error was encountered while reading the WriteGetObjectResponse body.',
  },
  RestoreAlreadyInProgress: { status: 409, message: 'Object restore is already in progress' },
  // The API reference lists 400, but S3 answers GetBucketEncryption on a bucket without one
  // with 404, and that is what SDKs branch on.
  ServerSideEncryptionConfigurationNotFoundError: {
    status: 404,
    message: 'The server side encryption configuration was not found',
  },
  ServiceUnavailable: { status: 503, message: 'Service is unable to handle request.' },
  SignatureDoesNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
  TagPolicyException: {
    status: 400,
    message: 'The tag policy does not allow the specified value for the following tag key.',
  },
  TemporaryRedirect: {
    status: 307,
    message: 'You are being redirected to the bucket while DNS updates.',
  },
  TokenCodeInvalidError: {
    status: 400,
    message: 'The provided serial number and/or token code is not valid.',
  },
  TokenRefreshRequired: { status: 400, message: 'The provided token must be refreshed.' },
  TooManyAccessPoints: {
    status: 400,
    message: 'You have attempted to create more access points than are allowed for an account.',
  },
  TooManyBuckets: {
    status: 400,
    message: 'You have attempted to create more buckets than allowed',
  },
  TooManyMultiRegionAccessPointregionsError: {
    status: 400,
    message:
      'You have attempted to create a Multi-Region Access Point with more Regions than are allowed for an account.',
  },
  TooManyMultiRegionAccessPoints: {
    status: 400,
    message:
      'You have attempted to create more Multi-Region Access Points than are allowed for an account.',
  },
  TooManyParts: {
    status: 400,
    message:
      'You have attempted to add more parts than the maximum of 10000 that are allowed for this object.',
  },
  UnauthorizedAccessError: {
    status: 403,
    message: 'Applicable in China Regions only. The bucket does not have an ICP license.',
  },
  UnexpectedContent: { status: 400, message: 'This request does not support content' },
  UnexpectedIPError: {
    status: 403,
    message:
      'Applicable in China Regions only. The request was rejected because the IP was unexpected.',
  },
  UnresolvableGrantByEmailAddress: {
    status: 400,
    message: 'The email address you provided does not match any account on record.',
  },
  UnsupportedArgument: { status: 400, message: 'The request contained an unsupported argument.' },
  UnsupportedSignature: {
    status: 400,
    message:
      'The provided request is signed with an unsupported STS Token version or the signature version is not supported.',
  },
  UserKeyMustBeSpecified: {
    status: 400,
    message:
      'The bucket POST must contain the specified field name. If it is specified, check the order of the fields.',
  },
  // Sent for streaming-signature uploads by S3 and by SigV4 verifiers; not in the documented list.
  InvalidChunkSizeError: {
    status: 403,
    message: 'Only the last chunk is allowed to have a size less than 8192 bytes',
  },
  XAmzContentSHA256Mismatch: {
    status: 400,
    message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  },
  // Strata-specific: a bucket or tenant quota refuses the write (403 so clients do not retry).
  QuotaExceeded: { status: 403, message: 'Quota exceeded' },
  // Strata-specific: no backend can take the write (RFC 4918 §11.5).
  InsufficientStorage: {
    status: 507,
    message: 'Insufficient storage space is available to complete the request.',
  },
} as const;

/** Every S3 error code Strata knows; the key type of {@link S3_ERRORS}. */
export type S3ErrorCode = keyof typeof S3_ERRORS;

/** Every key of {@link S3_ERRORS}, in table order. */
export const S3_ERROR_CODES = Object.freeze(Object.keys(S3_ERRORS)) as readonly S3ErrorCode[];

/**
 * Whether `code` is a key of {@link S3_ERRORS} (for mapping codes read from a backend's reply).
 *
 * @example
 * ```ts
 * isS3ErrorCode('NoSuchKey'); // true
 * ```
 */
export function isS3ErrorCode(code: unknown): code is S3ErrorCode {
  return typeof code === 'string' && Object.hasOwn(S3_ERRORS, code);
}
