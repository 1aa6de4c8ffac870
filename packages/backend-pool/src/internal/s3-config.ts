import { choosePartSize, createS3Client } from '@strata/s3-client';
import type { S3BackendConfig } from '../s3-backend.js';
import type { S3Target } from './s3-target.js';

/** An {@link S3BackendConfig} checked, with its client made when it was not given. */
export interface ResolvedS3Backend {
  readonly target: S3Target;
  /** Whether the driver created the client (and so closes it). */
  readonly ownsClient: boolean;
  /** `undefined`: the client chooses (see `UploadOptions.partSize`). */
  readonly partSize: number | undefined;
  readonly conditionalPut: boolean;
}

/**
 * Validates `config` and builds the client when the caller did not pass one (kysely's "an
 * instance or its config": a shared client for pools and tests, or what `createS3Client` needs).
 *
 * @throws TypeError for a missing bucket, or for a config with both or neither of `client` and
 *   `endpoint` (or an `endpoint` without `credentials`); RangeError for a `partSize` outside
 *   S3's 5 MiB to 5 GiB; whatever `createS3Client` throws for its own options.
 */
export function resolveS3Backend(config: S3BackendConfig): ResolvedS3Backend {
  if (typeof config.bucket !== 'string' || config.bucket === '') {
    throw new TypeError(`backend ${config.name}: bucket is required`);
  }
  const partSize =
    config.partSize === undefined ? undefined : choosePartSize(config.partSize, undefined);
  const base = { name: config.name, bucket: config.bucket, prefix: config.prefix ?? '' };
  const options = { partSize, conditionalPut: config.conditionalPut ?? true };
  if (config.client !== undefined) {
    if (config.endpoint !== undefined) {
      throw new TypeError(`backend ${config.name}: pass either client or endpoint, not both`);
    }
    return { target: { ...base, client: config.client }, ownsClient: false, ...options };
  }
  if (config.endpoint === undefined || config.credentials === undefined) {
    throw new TypeError(`backend ${config.name}: pass a client, or an endpoint and credentials`);
  }
  const client = createS3Client({
    endpoint: config.endpoint,
    credentials: config.credentials,
    ...pick(config, [
      'region',
      'forcePathStyle',
      'connections',
      'timeouts',
      'retry',
      'maxTransferMemory',
    ]),
  });
  return { target: { ...base, client }, ownsClient: true, ...options };
}

/** The keys of `config` among `keys` that are set (exactOptionalPropertyTypes-friendly). */
function pick<T extends object, K extends keyof T>(config: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (config[key] !== undefined) out[key] = config[key];
  return out;
}
