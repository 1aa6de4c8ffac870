import { S3TransportError, isS3TransportError } from '../s3-transport-error.js';

// undici error codes (https://undici.nodejs.org/#/docs/api/Errors) and Node socket errors.
const CONNECT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// Errors of a connection that broke after it was open. Node's own socket errors (`ECONNRESET`,
// `EPIPE`, `ETIMEDOUT`…) match NODE_SYSCALL_CODE.
const NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const NODE_SYSCALL_CODE = /^E[A-Z]+$/;

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps an undici or socket error to an {@link S3TransportError}; anything else (an abort
 * reason, a caller's stream error, an error already mapped) is returned as is.
 */
export function toTransportError(err: unknown, attempts = 1): unknown {
  if (isS3TransportError(err)) return err;
  let code = errorCode(err);
  // Connection failures arrive wrapped in an AggregateError when several addresses were tried.
  if (code === undefined && err instanceof AggregateError) code = errorCode(err.errors[0]);
  if (code === undefined) return err;
  const message = (err as Error).message;
  if (CONNECT_CODES.has(code)) {
    return new S3TransportError('ECONNECT', `connect failed: ${message}`, { cause: err, attempts });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    const text = 'no response headers in time (first-byte timeout)';
    return new S3TransportError('ETIMEDOUT_FIRST_BYTE', text, { cause: err, attempts });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    const text = 'response body made no progress in time';
    return new S3TransportError('ETIMEDOUT_IDLE', text, { cause: err, attempts });
  }
  if (NETWORK_CODES.has(code) || NODE_SYSCALL_CODE.test(code)) {
    return new S3TransportError('ENETWORK', `connection failed: ${message}`, {
      cause: err,
      attempts,
    });
  }
  return err;
}
