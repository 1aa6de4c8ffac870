import type { S3Client } from '@strata/s3-client';
import type { AdaptiveTimeoutOptions } from './adaptive-timeout.js';
import type { RequestEvent } from './progress.js';

/** Retries of the engine's requests: equal-jitter backoff (`backoffMs` of `@strata/s3-client`). */
export interface TransferRetry {
  /** Attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff base, ms. Default 200. */
  baseMs?: number;
  /** Backoff cap, ms. Default 10 000. */
  capMs?: number;
}

/** Configuration of {@link createTransferEngine}. */
export interface TransferEngineConfig {
  /** The client requests go through; the engine does not close it. */
  client: S3Client;
  /** Requests in flight across every transfer of this engine. Default 8. */
  concurrency?: number;
  /** Files (objects) in flight in a tree operation. Default `concurrency`. */
  fileConcurrency?: number;
  /**
   * Upload bytes in flight across every transfer: the sum of the sizes of the PUTs and parts
   * being sent never exceeds it (one larger than the budget runs alone). Default 256 MiB.
   */
  maxInFlightBytes?: number;
  /** Files up to this size go in one PutObject, larger ones multipart. Default 16 MiB. */
  multipartThreshold?: number;
  /**
   * Objects up to this size are copied with one CopyObject, larger ones in parts with
   * UploadPartCopy. Default (and most) 5 GiB, CopyObject's limit.
   */
  multipartCopyThreshold?: number;
  /** Retries of every request. */
  retry?: TransferRetry;
  /** Adaptive request timeouts (see {@link AdaptiveTimeout}). */
  timeouts?: AdaptiveTimeoutOptions;
  /** Called after every successful request. Must not throw. */
  onRequest?: (event: RequestEvent) => void;
}

/** {@link TransferEngineConfig} with every default applied. */
export interface ResolvedTransferEngineConfig {
  /** See {@link TransferEngineConfig.concurrency}. */
  concurrency: number;
  /** See {@link TransferEngineConfig.fileConcurrency}. */
  fileConcurrency: number;
  /** See {@link TransferEngineConfig.maxInFlightBytes}. */
  maxInFlightBytes: number;
  /** See {@link TransferEngineConfig.multipartThreshold}. */
  multipartThreshold: number;
  /** See {@link TransferEngineConfig.multipartCopyThreshold}. */
  multipartCopyThreshold: number;
  /** See {@link TransferEngineConfig.retry}. */
  retry: Required<TransferRetry>;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** The largest object one CopyObject copies: 5 GiB. */
export const MAX_COPY_OBJECT_SIZE = 5 * 1024 ** 3;

function copyThreshold(value: number): number {
  positiveInt('multipartCopyThreshold', value);
  if (value > MAX_COPY_OBJECT_SIZE) {
    throw new RangeError(`multipartCopyThreshold must be at most 5 GiB, got ${value}`);
  }
  return value;
}

/**
 * Applies defaults and validates a config.
 *
 * @throws RangeError for a count, size or time that is not a positive integer, or a
 *   `multipartCopyThreshold` over 5 GiB.
 */
export function resolveTransferEngineConfig(
  config: TransferEngineConfig,
): ResolvedTransferEngineConfig {
  const concurrency = positiveInt('concurrency', config.concurrency ?? 8);
  const r = config.retry ?? {};
  return {
    concurrency,
    fileConcurrency: positiveInt('fileConcurrency', config.fileConcurrency ?? concurrency),
    maxInFlightBytes: positiveInt('maxInFlightBytes', config.maxInFlightBytes ?? 256 * 1024 ** 2),
    multipartThreshold: positiveInt(
      'multipartThreshold',
      config.multipartThreshold ?? 16 * 1024 ** 2,
    ),
    multipartCopyThreshold: copyThreshold(config.multipartCopyThreshold ?? MAX_COPY_OBJECT_SIZE),
    retry: {
      maxAttempts: positiveInt('retry.maxAttempts', r.maxAttempts ?? 5),
      baseMs: positiveInt('retry.baseMs', r.baseMs ?? 200),
      capMs: positiveInt('retry.capMs', r.capMs ?? 10_000),
    },
  };
}
