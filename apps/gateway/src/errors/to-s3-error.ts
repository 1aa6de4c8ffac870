import { S3Error, isS3Error, type S3ErrorCode } from '@strata/s3-xml';
import { SigV4Error } from '@strata/sigv4-verify';

/**
 * Library error codes (see each package's errors) and the S3 error each becomes. The mapping
 * lives here, once: packages below the gateway never know about HTTP.
 */
const LIBRARY_CODES: Readonly<Record<string, { code: S3ErrorCode; message: string }>> = {
  EBACKEND_OPEN: {
    code: 'ServiceUnavailable',
    message: 'A storage backend is unavailable; retry later.',
  },
  EBACKEND_IO: { code: 'ServiceUnavailable', message: 'A storage backend failed; retry later.' },
  EBACKEND_TIMEOUT: {
    code: 'ServiceUnavailable',
    message: 'A storage backend timed out; retry later.',
  },
  ENO_WRITABLE_BACKEND: {
    code: 'ServiceUnavailable',
    message: 'No storage backend can take this write now.',
  },
  ENO_CAPACITY: {
    code: 'InsufficientStorage',
    message: 'The storage backends of this bucket are full (quota or object size limit).',
  },
  // A backend's 4xx about this very request (its own size or key limits): retrying cannot help.
  EBACKEND_REJECTED: {
    code: 'InvalidRequest',
    message: 'A storage backend refused the request as invalid.',
  },
  EUNKNOWN_BACKEND: {
    code: 'ServiceUnavailable',
    message: 'The object is on a backend that is not configured.',
  },
  EINTENT_EXPIRED: {
    code: 'ServiceUnavailable',
    message: 'The write took longer than its intent allowed; retry.',
  },
  ENOBLOB: { code: 'NoSuchKey', message: 'The specified key does not exist.' },
  ENOUPLOAD: {
    code: 'NoSuchUpload',
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  },
  EINVALID_PART: {
    code: 'InvalidPart',
    message: 'One or more of the specified parts could not be found.',
  },
  // The client went away (its AbortSignal fired): nobody reads this answer; not a server fault.
  ABORT_ERR: { code: 'IncompleteBody', message: 'The request was aborted by the client.' },
  EBODY: {
    code: 'IncompleteBody',
    message: 'The request body ended before the declared length was received.',
  },
  ENOSPC: { code: 'InsufficientStorage', message: 'The storage backend is full.' },
  EACCES: { code: 'AccessDenied', message: 'The storage backend refused access.' },
  EMETA_BUSY: { code: 'SlowDown', message: 'Please reduce your request rate.' },
  EMETA_UNAVAILABLE: {
    code: 'ServiceUnavailable',
    message: 'The metadata store is unavailable; retry later.',
  },
};

/** Converts anything thrown during a request into the S3 error the client gets. */
export function toS3Error(error: unknown): { error: S3Error; internal: boolean } {
  if (isS3Error(error)) return { error, internal: false };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const mapped = LIBRARY_CODES[code];
    if (mapped)
      return {
        error: new S3Error(mapped.code, { message: mapped.message, cause: error }),
        internal: false,
      };
    if (SigV4Error.is(error)) {
      return {
        error: new S3Error(error.code, {
          message: error.message,
          extra: error.detail,
          cause: error,
        }),
        internal: false,
      };
    }
  }
  return { error: new S3Error('InternalError', { cause: error }), internal: true };
}
