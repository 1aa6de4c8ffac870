import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import {
  createBackendPool,
  createFsBackend,
  createS3Backend,
  type BackendPool,
  type BackendPoolConfig,
  type FsBackend,
  type MonthlyUsageStore,
  type ObjectBackend,
  type PoolMemberConfig,
} from '@strata/backend-pool';
import type { BackendConfig } from '../config/backends-schema.js';
import { readSecretFile } from '../config/credentials.js';
import type { StrataConfig } from '../config/schema.js';

/** Name of the embedded local-directory backend (the default when `backends` is not set). */
export const LOCAL_BACKEND = 'local';

/** The pool, and its local-directory backends (for start-up sweeps and readiness checks). */
export interface OpenedBackends {
  readonly pool: BackendPool;
  readonly directories: readonly FsBackend[];
}

/** Who the pool tells of its calls: metrics (`onCall`) and traces (`onCallStart`). */
export type BackendObservers = Pick<BackendPoolConfig, 'onCall' | 'onCallStart'>;

/**
 * Opens every configured backend (or the embedded `local` one under `<data_dir>/objects`) and
 * puts them in one pool with the configured breakers, quotas, limits and monthly-usage store.
 */
export async function openBackends(
  config: StrataConfig,
  dataDir: string,
  usageStore: MonthlyUsageStore,
  logger: Logger,
  observers: BackendObservers = {},
): Promise<OpenedBackends> {
  const entries: readonly BackendConfig[] = config.backends ?? [
    {
      type: 'fs',
      name: LOCAL_BACKEND,
      path: join(dataDir, 'objects'),
      fsync: true,
      state: 'active',
    },
  ];
  const directories: FsBackend[] = [];
  const members: PoolMemberConfig[] = [];
  const b = config.breaker;
  // `breaker.timeout` is the time to first byte of every call. The breaker times the calls that
  // return a stream itself, but not a put (a slow client must not trip it), so what bounds a put
  // to a backend that stopped answering is the S3 client's own first-byte timeout (undici's
  // headersTimeout: it runs once the request body is sent, or while the backend takes no more
  // of it, never while the client is slow). Left at the client's 30 s default, such a put hung
  // for 30 s whatever `breaker.timeout` said.
  const firstByteMs = b.enabled ? b.timeout : undefined;
  try {
    for (const [i, entry] of entries.entries())
      members.push(await member(entry, i, directories, firstByteMs));
  } catch (error) {
    // A later backend failed to open: release the ones opened so far.
    await Promise.all(members.map((m) => m.backend.close().catch(() => undefined)));
    throw error;
  }
  const pool = createBackendPool({
    members,
    breaker: b.enabled
      ? {
          timeoutMs: b.timeout,
          errorThresholdPercentage: b.error_threshold,
          volumeThreshold: b.volume_threshold,
          resetTimeoutMs: b.reset_timeout,
        }
      : false,
    usageStore,
    flushIntervalMs: config.workers.usage_flush_interval,
    onFlushError: (err: unknown) => logger.warn({ err }, 'could not flush backend usage'),
    onCall: observers.onCall,
    onCallStart: observers.onCallStart,
  });
  pool.onCircuitChange((backend, state) => {
    const log = state === 'open' ? logger.warn.bind(logger) : logger.info.bind(logger);
    log({ backend, circuit: state }, `backend ${backend}: circuit ${state}`);
  });
  return { pool, directories };
}

async function member(
  entry: BackendConfig,
  index: number,
  directories: FsBackend[],
  firstByteMs: number | undefined,
): Promise<PoolMemberConfig> {
  return {
    backend: await openDriver(entry, index, directories, firstByteMs),
    state: entry.state,
    quota: { bytes: entry.quota_bytes, objects: entry.quota_objects },
    maxObjectSize: entry.max_object_size,
    limits: {
      requests: entry.limits?.requests,
      egressBytes: entry.limits?.egress_bytes,
      ingressBytes: entry.limits?.ingress_bytes,
    },
  };
}

async function openDriver(
  entry: BackendConfig,
  index: number,
  directories: FsBackend[],
  firstByteMs: number | undefined,
): Promise<ObjectBackend> {
  if (entry.type === 'fs') {
    const fs = createFsBackend({ name: entry.name, root: resolve(entry.path), fsync: entry.fsync });
    await mkdir(fs.root, { recursive: true });
    directories.push(fs);
    return fs;
  }
  const secretAccessKey =
    entry.secret_access_key ??
    (await readSecretFile(
      entry.secret_access_key_file ?? '',
      `backends.${index}.secret_access_key_file`,
    ));
  return createS3Backend({
    name: entry.name,
    endpoint: entry.endpoint,
    bucket: entry.bucket,
    ...(entry.prefix === undefined ? {} : { prefix: entry.prefix }),
    region: entry.region,
    credentials: { accessKeyId: entry.access_key_id, secretAccessKey },
    ...(entry.force_path_style === undefined ? {} : { forcePathStyle: entry.force_path_style }),
    ...(entry.connections === undefined ? {} : { connections: entry.connections }),
    ...(entry.max_transfer_memory === undefined
      ? {}
      : { maxTransferMemory: entry.max_transfer_memory }),
    ...(firstByteMs === undefined ? {} : { timeouts: { firstByteMs } }),
  });
}
