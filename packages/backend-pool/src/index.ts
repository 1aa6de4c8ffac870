/**
 * `@strata/backend-pool`: the {@link ObjectBackend} interface every storage driver implements,
 * the local-directory driver ({@link createFsBackend}), the S3 driver ({@link createS3Backend},
 * any S3-compatible service), and a circuit breaker wrapper ({@link createBreaker}) that fails
 * fast when a backend is unhealthy.
 *
 * @example
 * ```ts
 * import { createBreaker, createFsBackend, createS3Backend } from '@strata/backend-pool';
 *
 * const local = createBreaker(createFsBackend({ name: 'local', root: './data' }));
 * await local.put('bucket/key@01J', Readable.from(['hello']));
 *
 * const remote = createBreaker(
 *   createS3Backend({
 *     name: 'rgw',
 *     endpoint: 'http://127.0.0.1:8000',
 *     credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
 *     bucket: 'strata',
 *     prefix: 'blobs/',
 *   }),
 * );
 * await remote.put('bucket/key@01K', Readable.from(['hello']), { size: 5 });
 * ```
 *
 * @module
 */
export { isCopyCapable } from './object-backend.js';
export type {
  BackendCallOptions,
  BackendGetOptions,
  BackendListOptions,
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
  BackendRejectedError,
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
export { guardStream } from './guard-stream.js';
export type { FsBackend, FsBackendConfig } from './fs-backend.js';
export { createS3Backend } from './s3-backend.js';
export type { S3Backend, S3BackendConfig } from './s3-backend.js';
export { BREAKER_EVENTS, BREAKER_STATES, createBreaker } from './breaker-backend.js';
export type {
  BreakerBackend,
  BreakerEvent,
  BreakerOptions,
  BreakerState,
} from './breaker-backend.js';
export { BACKEND_STATES, BackendPool, createBackendPool } from './backend-pool.js';
export type {
  BackendPoolConfig,
  BackendQuota,
  BackendState,
  LimitState,
  PoolMember,
  PoolMemberConfig,
} from './backend-pool.js';
export type { MonthlyLimits, MonthlyUsage, MonthlyUsageStore } from './monthly-usage.js';
export type {
  BackendCallEnd,
  BackendCallEvent,
  BackendCallName,
  BackendCallObserver,
  BackendCallStart,
  BackendCallStartObserver,
} from './backend-call-event.js';
