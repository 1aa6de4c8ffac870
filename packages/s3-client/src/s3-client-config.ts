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
  now: () => Date;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Applies defaults and validates a config.
 *
 * @throws TypeError for an endpoint that is not an http(s) URL; RangeError for a count or time
 *   that is not a positive integer (a zero would silently disable something).
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
    now: config.now ?? (() => new Date()),
  };
}
