/**
 * `@strata/backend-pool`: the {@link ObjectBackend} interface every storage driver implements,
 * the local-directory driver ({@link createFsBackend}), and a circuit breaker wrapper
 * ({@link createBreaker}) that fails fast when a backend is unhealthy.
 *
 * @example
 * ```ts
 * import { createBreaker, createFsBackend } from '@strata/backend-pool';
 *
 * const backend = createBreaker(createFsBackend({ name: 'local', root: './data' }));
 * await backend.put('bucket/key@01J', Readable.from(['hello']));
 * ```
 *
 * @module
 */
export { isCopyCapable } from './object-backend.js';
export type {
  BackendCallOptions,
  BackendGetOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  ByteRange,
  CopyCapableBackend,
  ObjectBackend,
} from './object-backend.js';
export {
  BACKEND_ERROR_CODES,
  BackendAccessDeniedError,
  BackendError,
  BackendIoError,
  BackendTimeoutError,
  BackendUnavailableError,
  BlobNotFoundError,
  BodyStreamError,
  CLIENT_ERROR_CODES,
  InsufficientStorageError,
  InvalidPartError,
  UploadNotFoundError,
  isBackendError,
} from './errors.js';
export type { BackendErrorCode } from './errors.js';
export { createFsBackend } from './fs-backend.js';
export type { FsBackend, FsBackendConfig } from './fs-backend.js';
export { BREAKER_EVENTS, BREAKER_STATES, createBreaker } from './breaker-backend.js';
export type {
  BreakerBackend,
  BreakerEvent,
  BreakerOptions,
  BreakerState,
} from './breaker-backend.js';
