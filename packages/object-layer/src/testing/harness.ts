import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createFsBackend, type FsBackend, type ObjectBackend } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import {
  openTestStore,
  type PostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { createObjectLayer, type ObjectLayer } from '../object-layer.js';

/** A layer over a real SQLite file and a real fs backend in a temp directory. Test-only. */
export interface Harness extends AsyncDisposable {
  readonly dir: string;
  readonly store: MetaStore;
  readonly fs: FsBackend;
  readonly layer: ObjectLayer;
  /** Creates a bucket owned by `owner` (default `alice`). */
  bucket(name: string, owner?: string): Promise<void>;
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  /** Wraps the fs backend (fault injection); the layer gets what this returns. */
  readonly wrap?: (fs: FsBackend) => readonly ObjectBackend[];
  readonly intentTtlMs?: number;
  readonly now?: () => Date;
  /** After a metastore failure, how long the layer refuses before trying it again. */
  readonly metastoreRetryMs?: number;
  /** The metastore: a SQLite file (default) or PostgreSQL behind a latency proxy. */
  readonly dialect?: TestDialect;
  /** The run's PostgreSQL (`usePostgresTestDatabase()`), required with `dialect: 'postgres'`. */
  readonly postgres?: PostgresTestDatabase;
}

/**
 * Opens a {@link Harness}: a SQLite store and an fs backend named `disk` (fsync off) under a
 * fresh temp directory, and a layer over them (or over what `options.wrap` returns). Disposing
 * it closes both and removes the directory.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-ol-'));
  const meta = await openTestStore(options.dialect ?? 'sqlite', {
    dir,
    postgres: options.postgres,
  });
  const store = meta.store;
  const fs = createFsBackend({ name: 'disk', root: join(dir, 'disk'), fsync: false });
  const layer = createObjectLayer({
    store,
    backends: options.wrap ? options.wrap(fs) : [fs],
    region: 'us-east-1',
    ...(options.intentTtlMs === undefined ? {} : { intentTtlMs: options.intentTtlMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.metastoreRetryMs === undefined
      ? {}
      : { metastoreRetryMs: options.metastoreRetryMs }),
  });
  return {
    dir,
    store,
    fs,
    layer,
    async bucket(name, owner = 'alice') {
      await layer.createBucket({ name, owner });
    },
    async [Symbol.asyncDispose]() {
      await meta.close();
      await fs.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Streams `data` in 64 KiB chunks (so backpressure is exercised). */
export function bodyOf(data: Buffer | string, chunk = 64 * 1024): Readable {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })(),
  );
}

/**
 * A body that sends `bytes` bytes, then fails like a client that disconnected. (A twin of
 * backend-pool's test helper: that package's `testing/` is not built or exported, and a test
 * helper is not worth a published subpath.)
 */
export function failingBody(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.destroy(new Error('client went away'));
        return;
      }
      const n = Math.min(64 * 1024, bytes - sent);
      sent += n;
      this.push(Buffer.alloc(n, 7));
    },
  });
}

/** Reads a whole stream (test bodies are small; production code never does this). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
export function patternBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Hex SHA-256 of `data` (compare large bodies by hash: deep equality on MiB buffers is slow). */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex MD5 of `data`: the ETag S3 gives a single-PUT object or a part. */
export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** Base64 MD5 of `data`: a `Content-MD5` header value. */
export function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

/** Names of every blob the backend holds under `prefix`. */
export async function blobsOf(backend: ObjectBackend, prefix = ''): Promise<string[]> {
  const names: string[] = [];
  for await (const info of backend.list(prefix)) names.push(info.blob);
  return names;
}

/**
 * Does what the cleanup worker does, in a few lines: claims due jobs whose blobs nothing
 * references (`claimDeletable` drops the others) and deletes those blobs (aborting backend
 * uploads too). Resolves with the jobs processed, dropped ones included.
 */
export async function runCleanup(
  store: MetaStore,
  backends: readonly ObjectBackend[],
): Promise<number> {
  let processed = 0;
  for (;;) {
    const claim = await store.cleanup.claimDeletable(new Date(Date.now() + 1000), 100, 60_000);
    processed += claim.referenced.length;
    if (claim.jobs.length + claim.referenced.length === 0) return processed;
    for (const job of claim.jobs) {
      const backend = backends.find((b) => b.name === job.backend)!;
      if (job.backendUploadId) await backend.abortMultipart(job.blob, job.backendUploadId);
      await backend.delete(job.blob);
      await store.cleanup.complete(job.id);
      processed++;
    }
  }
}

/** A backend named `name` that delegates to `base` except for the methods in `overrides` (fault injection). */
export function wrapBackend(
  base: ObjectBackend,
  name: string,
  overrides: Partial<ObjectBackend> = {},
): ObjectBackend {
  return {
    name,
    put: (...args) => base.put(...args),
    get: (...args) => base.get(...args),
    head: (...args) => base.head(...args),
    delete: (...args) => base.delete(...args),
    createMultipart: (...args) => base.createMultipart(...args),
    uploadPart: (...args) => base.uploadPart(...args),
    completeMultipart: (...args) => base.completeMultipart(...args),
    abortMultipart: (...args) => base.abortMultipart(...args),
    list: (...args) => base.list(...args),
    close: () => base.close(),
    ...overrides,
  };
}
