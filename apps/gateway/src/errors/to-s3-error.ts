import { S3Error, isS3Error, type S3ErrorCode } from '@strata/s3-xml';
import { SigV4Error } from '@strata/sigv4-verify';

const INTERNAL_MESSAGE = 'We encountered an internal error. Please try again.';

/**
 * Library error codes (see each package's errors) and the S3 error each becomes. The mapping
 * lives here, once: packages below the gateway never know about HTTP.
 */
const LIBRARY_CODES: Readonly<
  Record<string, { code: S3ErrorCode; message: string; internal?: true }>
> = {
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
  // The gateway's own access to a backend (a directory's permissions, a read-only mount, an S3
  // backend's 403 for wrong or revoked credentials): the server's misconfiguration, which the
  // client can neither fix nor should learn about. S3 answers its own faults 500 InternalError.
  EACCES: { code: 'InternalError', message: INTERNAL_MESSAGE, internal: true },
  // The metastore names a version whose blobs are gone: lost data, a server fault (never the
  // client's NoSuchKey: the key exists, HEAD answers it).
  EDATA_LOST: { code: 'InternalError', message: INTERNAL_MESSAGE, internal: true },
  // Encryption at rest: a master key missing from `encryption.keys` (the log line names its id),
  // or stored bytes that do not decrypt (tampered, cut short, another object's). Server faults
  // the client can do nothing about; never a partial or wrong body.
  EENVELOPE_MISSING_KEY: { code: 'InternalError', message: INTERNAL_MESSAGE, internal: true },
  EENVELOPE_AUTH: { code: 'InternalError', message: INTERNAL_MESSAGE, internal: true },
  EENVELOPE_FORMAT: { code: 'InternalError', message: INTERNAL_MESSAGE, internal: true },
  EENVELOPE_TRUNCATED: { code: 'InternalError', message: INTERNAL_MESSAGE, internal: true },
  // A version Object Lock protects (the metastore's last word, whatever path reached it).
  EOBJECT_LOCKED: {
    code: 'AccessDenied',
    message: 'Access Denied because object protected by object lock.',
  },
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
        internal: mapped.internal ?? false,
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

/** One error log line: its message and its fields (besides the error and the request id). */
export interface ErrorLogLine {
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The error log lines of an internal error (one that {@link toS3Error} marks `internal`): what an
 * operator needs to find the fault. A backend refusing access names the backend and, on disk,
 * the path; lost data names the bucket, key and version, one line per missing blob with its
 * backend; a missing encryption key names its id. Anything else is one generic line.
 */
export function internalErrorLog(error: unknown): ErrorLogLine[] {
  const e = (error ?? {}) as Record<string, unknown>;
  if (e.code === 'EACCES') {
    const path = (e.cause as { path?: unknown } | undefined)?.path;
    return [
      {
        message: `storage backend ${String(e.backend)} refused access: check its permissions or credentials`,
        fields: { backend: e.backend, ...(typeof path === 'string' ? { path } : {}) },
      },
    ];
  }
  if (e.code === 'EDATA_LOST' && Array.isArray(e.lost)) {
    return (e.lost as { backend: string; blob: string }[]).map(({ backend, blob }) => ({
      message: `object data lost: blob ${blob} is missing on backend ${backend}`,
      fields: { bucket: e.bucket, key: e.key, versionId: e.versionId, backend, blob },
    }));
  }
  if (e.code === 'EENVELOPE_MISSING_KEY') {
    return [
      {
        message: `encryption key ${String(e.keyId)} is not in encryption.keys: objects encrypted under it cannot be read`,
        fields: { keyId: e.keyId },
      },
    ];
  }
  return [{ message: 'internal error', fields: {} }];
}
