import { S3Error } from '@strata/s3-xml';
import { MAX_PART_NUMBER } from './limits.js';

/**
 * Factories for the S3 outcomes this layer produces, with the messages and extra elements AWS
 * sends (collected from AWS responses; see the S3 API reference "Error responses" table).
 */

/** 404 NoSuchBucket for `bucket` (Resource `/bucket`, BucketName element). */
export function noSuchBucket(bucket: string): S3Error {
  return new S3Error('NoSuchBucket', {
    message: 'The specified bucket does not exist',
    resource: `/${bucket}`,
    extra: { BucketName: bucket },
  });
}

/**
 * 404 NoSuchKey for `bucket`/`key` (Resource `/bucket/key`, Key element), with extra response
 * `headers` when given (a delete marker's).
 */
export function noSuchKey(bucket: string, key: string, headers?: Record<string, string>): S3Error {
  return new S3Error('NoSuchKey', {
    message: 'The specified key does not exist.',
    resource: `/${bucket}/${key}`,
    extra: { Key: key },
    ...(headers === undefined ? {} : { headers }),
  });
}

/** 404 NoSuchUpload: unknown, aborted or completed upload id (UploadId element). */
export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', {
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    extra: { UploadId: uploadId },
  });
}

/**
 * 412 PreconditionFailed; `condition` names the header that failed (`If-Match`,
 * `If-None-Match`, `x-amz-copy-source-if-match`, …) in the Condition element.
 */
export function preconditionFailed(condition: string): S3Error {
  return new S3Error('PreconditionFailed', {
    message: 'At least one of the pre-conditions you specified did not hold',
    extra: { Condition: condition },
  });
}

/**
 * 409 ConditionalRequestConflict: a conditional write could not be decided (a concurrent
 * conditional operation, a busy metastore); the client should retry. `cause` is kept for logs.
 */
export function conditionalRequestConflict(cause?: unknown): S3Error {
  return new S3Error('ConditionalRequestConflict', {
    message:
      'A conflicting conditional operation is currently in progress against this resource. Try again.',
    cause,
  });
}

/**
 * 400 InvalidArgument with the given message, plus ArgumentName / ArgumentValue elements when
 * given.
 */
export function invalidArgument(message: string, name?: string, value?: string): S3Error {
  const extra: Record<string, string> = {};
  if (name !== undefined) extra['ArgumentName'] = name;
  if (value !== undefined) extra['ArgumentValue'] = value;
  return new S3Error('InvalidArgument', { message, extra });
}

/** 400 InvalidRequest with the given message (requests S3 refuses as a whole). */
export function invalidRequest(message: string): S3Error {
  return new S3Error('InvalidRequest', { message });
}

/** 400 EntityTooLarge: ProposedSize and MaxSizeAllowed elements, in bytes. */
export function entityTooLarge(proposedSize: number, maxSize: number): S3Error {
  return new S3Error('EntityTooLarge', {
    message: 'Your proposed upload exceeds the maximum allowed object size.',
    extra: { ProposedSize: String(proposedSize), MaxSizeAllowed: String(maxSize) },
  });
}

/** 400 IncompleteBody: the body ended before its declared Content-Length. */
export function incompleteBody(): S3Error {
  return new S3Error('IncompleteBody', {
    message: 'You did not provide the number of bytes specified by the Content-Length HTTP header',
  });
}

/**
 * 400 BadDigest: the body's MD5 is not the Content-MD5 sent; ExpectedDigest / CalculatedDigest
 * elements carry both.
 */
export function badDigest(expected: string, calculated: string): S3Error {
  return new S3Error('BadDigest', {
    message: 'The Content-MD5 you specified did not match what we received.',
    extra: { ExpectedDigest: expected, CalculatedDigest: calculated },
  });
}

/** 400 InvalidDigest: the Content-MD5 header is not base64 of 16 bytes. */
export function invalidDigest(contentMd5: string): S3Error {
  return new S3Error('InvalidDigest', {
    message: 'The Content-MD5 you specified was invalid.',
    extra: { 'Content-MD5': contentMd5 },
  });
}

/** 400 InvalidArgument for a part number outside 1..10000 (ArgumentName `partNumber`). */
export function partNumberOutOfRange(partNumber: number): S3Error {
  return invalidArgument(
    `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
    'partNumber',
    String(partNumber),
  );
}

/** 400 InvalidRequest: a customer key (SSE-C) sent for an object or upload that has none. */
export function notApplicable(): S3Error {
  return new S3Error('InvalidRequest', {
    message: 'The encryption parameters are not applicable to this object.',
  });
}

/** 403 AccessDenied: a customer key (SSE-C) other than the one the object was stored with. */
export function wrongCustomerKey(): S3Error {
  return new S3Error('AccessDenied', {
    message: 'The provided customer key does not match the key the object was encrypted with.',
  });
}
