import { S3Error } from '@strata/s3-xml';

/**
 * Factories for the S3 outcomes this layer produces, with the messages and extra elements AWS
 * sends (collected from AWS responses; see the S3 API reference "Error responses" table).
 */

export function noSuchBucket(bucket: string): S3Error {
  return new S3Error('NoSuchBucket', {
    message: 'The specified bucket does not exist',
    resource: `/${bucket}`,
    extra: { BucketName: bucket },
  });
}

export function noSuchKey(bucket: string, key: string): S3Error {
  return new S3Error('NoSuchKey', {
    message: 'The specified key does not exist.',
    resource: `/${bucket}/${key}`,
    extra: { Key: key },
  });
}

export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', {
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    extra: { UploadId: uploadId },
  });
}

export function preconditionFailed(condition: string): S3Error {
  return new S3Error('PreconditionFailed', {
    message: 'At least one of the pre-conditions you specified did not hold',
    extra: { Condition: condition },
  });
}

export function conditionalRequestConflict(cause?: unknown): S3Error {
  return new S3Error('ConditionalRequestConflict', {
    message:
      'A conflicting conditional operation is currently in progress against this resource. Try again.',
    cause,
  });
}

export function invalidArgument(message: string, name?: string, value?: string): S3Error {
  const extra: Record<string, string> = {};
  if (name !== undefined) extra['ArgumentName'] = name;
  if (value !== undefined) extra['ArgumentValue'] = value;
  return new S3Error('InvalidArgument', { message, extra });
}

export function invalidRequest(message: string): S3Error {
  return new S3Error('InvalidRequest', { message });
}

export function entityTooLarge(proposedSize: number, maxSize: number): S3Error {
  return new S3Error('EntityTooLarge', {
    message: 'Your proposed upload exceeds the maximum allowed object size.',
    extra: { ProposedSize: String(proposedSize), MaxSizeAllowed: String(maxSize) },
  });
}

export function incompleteBody(): S3Error {
  return new S3Error('IncompleteBody', {
    message: 'You did not provide the number of bytes specified by the Content-Length HTTP header',
  });
}

export function badDigest(expected: string, calculated: string): S3Error {
  return new S3Error('BadDigest', {
    message: 'The Content-MD5 you specified did not match what we received.',
    extra: { ExpectedDigest: expected, CalculatedDigest: calculated },
  });
}

export function invalidDigest(contentMd5: string): S3Error {
  return new S3Error('InvalidDigest', {
    message: 'The Content-MD5 you specified was invalid.',
    extra: { 'Content-MD5': contentMd5 },
  });
}

export function partNumberOutOfRange(partNumber: number): S3Error {
  return invalidArgument(
    'Part number must be an integer between 1 and 10000, inclusive',
    'partNumber',
    String(partNumber),
  );
}
