import { describe, expect, it } from 'vitest';
import { S3_ERRORS, S3_ERROR_CODES, isS3ErrorCode } from './s3-errors.js';

// Statuses the S3 API reference (Error responses) fixes; a typo in the table fails here.
const EXPECTED: Record<string, number> = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  ConditionalRequestConflict: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  ExpiredToken: 400,
  IllegalLocationConstraintException: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidStorageClass: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  MaxMessageLengthExceeded: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  MissingRequestBodyError: 400,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NoSuchVersion: 404,
  NotImplemented: 501,
  NotModified: 304,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  RequestTimeout: 400,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 403,
  SlowDown: 503,
  XAmzContentSHA256Mismatch: 400,
  InvalidChunkSizeError: 403,
  MalformedPOSTRequest: 400,
  TooManyParts: 400,
  QuotaExceeded: 403,
  InsufficientStorage: 507,
  // Not in AWS's list: what Ceph's s3-tests expect for an out-of-range default retention.
  InvalidRetentionPeriod: 400,
  // A sample of the rest of AWS's list.
  AccountProblem: 403,
  InvalidBucketState: 409,
  NoSuchObjectLockConfiguration: 404,
  ObjectLockConfigurationNotFoundError: 404,
  InvalidObjectState: 403,
  OperationAborted: 409,
  PermanentRedirect: 301,
  TemporaryRedirect: 307,
  RestoreAlreadyInProgress: 409,
  MissingSecurityHeader: 400,
  NoSuchLifecycleConfiguration: 404,
  TooManyBuckets: 400,
  UnresolvableGrantByEmailAddress: 400,
  // Bucket policy, public access block, ACL and ownership controls.
  MalformedPolicy: 400,
  NoSuchBucketPolicy: 404,
  NoSuchPublicAccessBlockConfiguration: 404,
  AccessControlListNotSupported: 400,
  InvalidBucketAclWithObjectOwnership: 400,
  OwnershipControlsNotFoundError: 404,
};

describe('S3_ERRORS', () => {
  it.each(Object.entries(EXPECTED))('%s answers %i', (code, status) => {
    expect(isS3ErrorCode(code)).toBe(true);
    expect(S3_ERRORS[code as keyof typeof S3_ERRORS].status).toBe(status);
  });

  it('has AWS messages for the common codes', () => {
    expect(S3_ERRORS.AccessDenied.message).toBe('Access Denied');
    expect(S3_ERRORS.NoSuchKey.message).toBe('The specified key does not exist.');
    expect(S3_ERRORS.QuotaExceeded.message).toBe('Quota exceeded');
  });

  it('has the messages S3 answers for bucket policies, public access blocks, ACLs and ownership', () => {
    expect(S3_ERRORS.NoSuchBucketPolicy.message).toBe('The bucket policy does not exist');
    expect(S3_ERRORS.NoSuchPublicAccessBlockConfiguration.message).toBe(
      'The public access block configuration was not found',
    );
    expect(S3_ERRORS.MethodNotAllowed.message).toBe(
      'The specified method is not allowed against this resource.',
    );
    expect(S3_ERRORS.AccessControlListNotSupported.message).toBe('The bucket does not allow ACLs');
    expect(S3_ERRORS.InvalidBucketAclWithObjectOwnership.message).toBe(
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    );
    expect(S3_ERRORS.OwnershipControlsNotFoundError.message).toBe(
      'The bucket ownership controls were not found',
    );
    expect(S3_ERRORS.UnresolvableGrantByEmailAddress.message).toBe(
      'The email address you provided does not match any account on record.',
    );
  });

  it('gives every code an HTTP error status and a message', () => {
    expect(S3_ERROR_CODES.length).toBeGreaterThan(130);
    for (const code of S3_ERROR_CODES) {
      const { status, message } = S3_ERRORS[code];
      expect(status, code).toBeGreaterThanOrEqual(300);
      expect(status, code).toBeLessThan(600);
      expect(message.length, code).toBeGreaterThan(0);
    }
  });

  it('isS3ErrorCode rejects unknown codes and inherited names', () => {
    expect(isS3ErrorCode('NoSuchThing')).toBe(false);
    expect(isS3ErrorCode('toString')).toBe(false);
    expect(isS3ErrorCode(404)).toBe(false);
  });
});
