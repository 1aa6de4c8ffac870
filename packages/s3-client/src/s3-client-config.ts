import { MIN_PART_SIZE } from './part-size.js';

/**
 * Default {@link S3ClientConfig.maxTransferMemory}: 64 MiB per `upload`. With the default
 * `concurrency` of 4 a body of unknown size goes in 12 MiB parts, 5 buffers (4 sent while one
 * fills), up to 10 000 × 12 MiB = 117 GiB; a body of known size keeps its parts retryable up to
 * 625 GiB (10 000 parts of 64 MiB).
 */
export const DEFAULT_MAX_TRANSFER_MEMORY = 64 * 1024 * 1024;

/** Static credentials, or what a credential provider resolves to. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** STS session token, sent as `x-amz-security-token`. */
  sessionToken?: string;
}

/** Time limits, in milliseconds. */
export interface S3ClientTimeouts {
  /** TCP (and TLS) connect. Default 5 000. */
  connectMs?: number;
  /**
   * Time to first byte: from the end of the request body to the response headers (undici's
   * `headersTimeout`; it also fires when an upload cannot write for this long). Default 30 000.
   */
  firstByteMs?: number;
  /**
   * A body that makes no progress for this long fails with `ETIMEDOUT_IDLE`: the network
   * stalls, or the caller stopped reading a response body (so an abandoned body frees its
   * socket). Default 30 000.
   */
  idleMs?: number;
}

/** Retry policy: equal-jitter exponential backoff. */
export interface S3ClientRetry {
  /** Attempts in all, the first included; 1 disables retries. Default 4. */
  maxAttempts?: number;
  /** Backoff base. Default 100. */
  baseMs?: number;
  /** Backoff cap. Default 5 000. */
  capMs?: number;
}

/** Configuration of {@link createS3Client}. */
export interface S3ClientConfig {
  /** Service URL, such as `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`. */
  endpoint: string;
  /** Signing region. Default `us-east-1`. */
  region?: string;
  /** Static credentials or an async provider called before each signature. */
  credentials: S3Credentials | (() => Promise<S3Credentials>);
  /**
   * Path-style URLs (`/bucket/key`). Default: path style when the endpoint host is an IP
   * address or `localhost`, virtual-hosted style otherwise for DNS-compatible bucket names.
   */
  forcePathStyle?: boolean;
  /** Keep-alive connections per origin. Default 16. */
  connections?: number;
  timeouts?: S3ClientTimeouts;
  retry?: S3ClientRetry;
  /**
   * Bytes one `upload` of a stream may hold for its parts: the part buffers it allocates (on
   * first use, then reused part after part, never one per part) times their size never exceed
   * this, whatever the object size. At least 5 MiB (one part); default 64 MiB
   * ({@link DEFAULT_MAX_TRANSFER_MEMORY}). A `Buffer` body is sent from the caller's memory and
   * allocates none.
   *
   * Parts are buffered because a buffered part can be sent again when an attempt fails. How the
   * budget is spent:
   *
   * - **Unknown size** (a stream without `contentLength`): parts of `partSize`, or by default
   *   the largest whole MiB that lets `concurrency + 1` parts fit (64 MiB, concurrency 4: 12 MiB
   *   parts). The part count is capped at 10 000 by S3, so such a body can be at most
   *   10 000 × part size (117 GiB by default, 205 GiB at concurrency 2, 625 GiB with `partSize`
   *   64 MiB); a longer one fails with `S3PartLimitError` before part 10 001 is sent. A
   *   `partSize` above this budget is a `RangeError`: a part of unknown length exists only once
   *   its buffer is full.
   * - **Known size** (`contentLength`): parts grow so that 10 000 cover the body. As they grow,
   *   fewer fit: fewer are sent at once (down to one, read while none is sent). A part larger
   *   than this whole budget (by default, a body over 625 GiB) is **streamed** from the body with
   *   its `Content-Length`, one part at a time, with no buffer: such a part is retried only if
   *   the failed attempt read none of it (the connection never opened), so a broken connection
   *   fails the upload (which is then aborted). Raise the budget above the part size (up to
   *   525 MiB for S3's largest object, 5 TiB) to keep every part retryable.
   */
  maxTransferMemory?: number;
  /** Clock used to sign; tests move it. Default `() => new Date()`. */
  now?: () => Date;
}

/** {@link S3ClientConfig} with every default applied. */
export interface ResolvedS3ClientConfig {
  endpoint: URL;
  region: string;
  credentials: S3Credentials | (() => Promise<S3Credentials>);
  forcePathStyle: boolean | undefined;
  connections: number;
  timeouts: Required<S3ClientTimeouts>;
  retry: Required<S3ClientRetry>;
  maxTransferMemory: number;
  now: () => Date;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function transferMemory(value: number): number {
  if (!Number.isSafeInteger(value) || value < MIN_PART_SIZE) {
    throw new RangeError(`maxTransferMemory must be an integer of at least 5 MiB, got ${value}`);
  }
  return value;
}

/**
 * Applies defaults and validates a config.
 *
 * @throws TypeError for an endpoint that is not an http(s) URL; RangeError for a count or time
 *   that is not a positive integer (a zero would silently disable something), or a
 *   `maxTransferMemory` below 5 MiB (it could not hold one part).
 */
export function resolveS3ClientConfig(config: S3ClientConfig): ResolvedS3ClientConfig {
  const endpoint = new URL(config.endpoint);
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new TypeError(`endpoint must be http: or https:, got ${endpoint.protocol}`);
  }
  const t = config.timeouts ?? {};
  const r = config.retry ?? {};
  return {
    endpoint,
    region: config.region ?? 'us-east-1',
    credentials: config.credentials,
    forcePathStyle: config.forcePathStyle,
    connections: positiveInt('connections', config.connections ?? 16),
    timeouts: {
      connectMs: positiveInt('timeouts.connectMs', t.connectMs ?? 5_000),
      firstByteMs: positiveInt('timeouts.firstByteMs', t.firstByteMs ?? 30_000),
      idleMs: positiveInt('timeouts.idleMs', t.idleMs ?? 30_000),
    },
    retry: {
      maxAttempts: positiveInt('retry.maxAttempts', r.maxAttempts ?? 4),
      baseMs: positiveInt('retry.baseMs', r.baseMs ?? 100),
      capMs: positiveInt('retry.capMs', r.capMs ?? 5_000),
    },
    maxTransferMemory: transferMemory(config.maxTransferMemory ?? DEFAULT_MAX_TRANSFER_MEMORY),
    now: config.now ?? (() => new Date()),
  };
}
