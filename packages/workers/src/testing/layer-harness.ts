import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createBackendPool,
  createFsBackend,
  type BackendPool,
  type FsBackend,
  type ObjectBackend,
} from '@strata/backend-pool';
import type { MetaStore, ObjectRecord } from '@strata/metastore-core';
import {
  openTestStore,
  type PostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import {
  createObjectLayer,
  type BucketPolicy,
  type ObjectLayer,
  type PutObjectInput,
} from '@strata/object-layer';

/** Options of {@link openLayerHarness}. */
export interface LayerHarnessOptions {
  /** Names of the fs backends, in pool order; each lives in `<dir>/<name>`. */
  readonly backends: readonly string[];
  /** The bucket created (owner `alice`). */
  readonly bucket: string;
  /** The layer's default policy, so every bucket's. Default `{}` (one copy). */
  readonly policy?: BucketPolicy | undefined;
  /** Turn versioning on for the bucket. */
  readonly versioned?: boolean | undefined;
  /** Create the bucket with Object Lock (which turns versioning on, as on S3). */
  readonly objectLock?: boolean | undefined;
  /** Wraps each fs backend before the pool gets it (fault injection); `disk()` still sees it. */
  readonly wrap?: ((disk: FsBackend) => ObjectBackend) | undefined;
  /** The run's PostgreSQL (`usePostgresTestDatabase()`), required for `postgres`. */
  readonly postgres?: PostgresTestDatabase | undefined;
}

/** What {@link LayerHarness.put} passes on to `putObject` besides bucket, key and body. */
export type PutExtra = Omit<PutObjectInput, 'bucket' | 'key' | 'body' | 'contentLength'>;

/** A real store, real fs backends in one pool and an object layer over them. Test-only. */
export interface LayerHarness extends AsyncDisposable {
  /** The temp directory: the SQLite file and each backend's root. */
  readonly dir: string;
  readonly store: MetaStore;
  readonly pool: BackendPool;
  readonly layer: ObjectLayer;
  /** The fs backend `name` itself, under any `wrap`: what is really stored. */
  disk(name: string): FsBackend;
  /** Writes `body` at `key` of the bucket through the layer; resolves with the version written. */
  put(key: string, body: Buffer | string, extra?: PutExtra): Promise<ObjectRecord>;
  /** The body of `key` (of its version `versionId`, else the current one) read through the layer. */
  read(key: string, versionId?: string): Promise<string>;
  /** Names of the backends holding the current version of `key`, sorted. */
  holders(key: string): Promise<string[]>;
  /**
   * The current version of `key`'s copy on `backend`, read from that disk: its blob (undefined
   * when the record has no copy there) and its bytes (undefined too when the disk cannot give
   * them, such as a deleted blob).
   */
  copyOn(key: string, backend: string): Promise<{ blob?: string; bytes?: Buffer }>;
  /** Names of the blobs on the disk `name`, sorted. */
  blobs(name: string): Promise<string[]>;
}

/**
 * Opens a {@link LayerHarness}: a fresh store of `dialect` (a SQLite file, or a PostgreSQL schema
 * behind a latency proxy), one fs backend (fsync off, no breaker) per name in a pool, a layer over
 * them in `us-east-1` (usage refreshed on every read) and the bucket. Disposing it closes the
 * pool and the store and removes the directory; it may be called more than once.
 *
 * @throws what opening the store or creating the bucket throws (having cleaned up).
 * @example
 * ```ts
 * await using t = await openLayerHarness(dialect, { backends: ['a', 'b'], bucket: 'docs', postgres });
 * const record = await t.put('k', 'bytes');
 * ```
 */
export async function openLayerHarness(
  dialect: TestDialect,
  options: LayerHarnessOptions,
): Promise<LayerHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-workers-layer-'));
  const meta = await openTestStore(dialect, { dir, postgres: options.postgres }).catch(
    async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    },
  );
  const store = meta.store;
  const disks = new Map<string, FsBackend>();
  const pool = createBackendPool({
    members: options.backends.map((name) => {
      const disk = createFsBackend({ name, root: join(dir, name), fsync: false });
      disks.set(name, disk);
      return { backend: options.wrap ? options.wrap(disk) : disk, breaker: false as const };
    }),
  });
  const layer = createObjectLayer({
    store,
    pool,
    region: 'us-east-1',
    defaultPolicy: options.policy ?? {},
    usageRefreshMs: 0,
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await pool.close();
      await meta.close();
      await rm(dir, { recursive: true, force: true });
    })());
  const { bucket } = options;
  try {
    await layer.createBucket({
      name: bucket,
      owner: 'alice',
      objectLockEnabled: options.objectLock,
    });
    if (options.versioned && !options.objectLock) {
      await layer.putBucketVersioning(bucket, { status: 'Enabled' });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const disk = (name: string) => {
    const found = disks.get(name);
    if (found === undefined) throw new Error(`no backend named ${name}`);
    return found;
  };
  const readAll = async (body: AsyncIterable<unknown>) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  return {
    dir,
    store,
    pool,
    layer,
    disk,
    async put(key, body, extra = {}) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      const out = await layer.putObject({
        bucket,
        key,
        body: Readable.from([bytes]),
        contentLength: bytes.length,
        ...extra,
      });
      return out.record;
    },
    async read(key, versionId) {
      const out = await layer.getObject({ bucket, key, versionId });
      return (await readAll(out.body)).toString();
    },
    async holders(key) {
      const record = await store.objects.get(bucket, key);
      if (record === undefined) throw new Error(`no object ${bucket}/${key}`);
      return record.copies.map((c) => c.backend).sort();
    },
    async copyOn(key, backend) {
      const record = await store.objects.get(bucket, key);
      const copy = record?.copies.find((c) => c.backend === backend);
      if (copy === undefined) return {};
      try {
        return { blob: copy.blob, bytes: await readAll(await disk(backend).get(copy.blob)) };
      } catch {
        return { blob: copy.blob };
      }
    },
    async blobs(name) {
      const out: string[] = [];
      for await (const info of disk(name).list('')) out.push(info.blob);
      return out.sort();
    },
    [Symbol.asyncDispose]: close,
  };
}
