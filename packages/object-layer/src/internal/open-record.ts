import type { Readable } from 'node:stream';
import type { ByteRange, PoolMember } from '@strata/backend-pool';
import type { ObjectCopy, ObjectRecord } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import { ObjectDataLostError } from '../errors.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import type { LayerContext } from './context.js';
import { repairMissingCopies } from './repair-copies.js';
import { ResumableRead } from './resumable-read.js';
import { dataKeyFor } from './seal.js';
import { planSealedRead, storedSize } from './sealed-streams.js';

const CIRCUIT_RANK = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The copies of `record` in the order reads try them: healthy backends first (closed circuit,
 * then half-open, then open, which fails at once; a removed or unknown backend last), in the
 * record's order otherwise. Copies on a backend over its monthly egress or request limit are left
 * out.
 *
 * @throws S3Error SlowDown when every copy is on a backend over its limits.
 */
export function readOrder(ctx: LayerContext, record: ObjectRecord): ObjectCopy[] {
  const ranked = record.copies.map((copy, order) => {
    const member: PoolMember | undefined = ctx.pool.get(copy.backend);
    const limits = member?.overLimit();
    const over = limits !== undefined && (limits.egress || limits.requests);
    // An unknown backend sorts last and fails with UnknownBackendError when tried; a removed
    // one is tried only after every other copy failed (it may still answer, or hang to its timeout).
    const rank =
      member === undefined || member.state === 'removed' ? 3 : CIRCUIT_RANK[member.circuit];
    return { copy, order, over, rank };
  });
  const usable = ranked.filter((r) => !r.over);
  if (usable.length === 0 && ranked.length > 0) {
    throw new S3Error('SlowDown', {
      message: 'The storage backends holding this object are over their monthly limits.',
    });
  }
  return usable.sort((a, b) => a.rank - b.rank || a.order - b.order).map((r) => r.copy);
}

/** Options of {@link openRecord}. */
export interface OpenRecordOptions {
  /**
   * Whether `record` is the metastore's row, whose copies found missing are repaired while
   * another copy serves the read (default true). False for a record rebuilt from the backends
   * (degraded mode), which the metastore must not be asked about.
   */
  readonly repair?: boolean | undefined;
  /**
   * The stored bytes as they are, ciphertext for an encrypted version (replication and draining
   * move them unchanged); `range` is then in stored bytes. Default false: plaintext.
   */
  readonly raw?: boolean | undefined;
  /**
   * The data key of an encrypted version, from {@link dataKeyFor} with the reader's customer
   * key; by default it is unwrapped with the keyring (an SSE-C version then fails).
   */
  readonly dataKey?: Buffer | undefined;
  /**
   * Whether the read may go through the read cache when the bucket's policy caches it (default
   * false): a client's reads do, a worker's (replication, drain, scrub) do not fill it.
   */
  readonly cache?: boolean | undefined;
}

/**
 * Opens a read stream over a committed object, trying its copies in {@link readOrder}: a copy
 * whose backend fails before returning a stream (unavailable, breaker open, blob missing) is
 * skipped for the next one. With more than one copy, a copy that fails mid-stream is continued
 * from the next one with a range request for the rest ({@link ResumableRead}), so the reader
 * sees one uninterrupted body; a single copy is returned as the backend's own stream.
 *
 * A copy whose blob is missing while another copy serves the read is repaired in the background
 * ({@link repairMissingCopies}): taken off the row and queued for re-replication.
 *
 * @throws when every copy failed: the last error of a copy that could not be reached (it may
 *   still hold the data: retryable); else {@link ObjectDataLostError} when every copy tried was
 *   missing (`openCurrent` tells that apart from a concurrent overwrite); an abort at once.
 */
export async function openRecord(
  ctx: LayerContext,
  record: ObjectRecord,
  range: ByteRange | undefined,
  signal: AbortSignal | undefined,
  options: OpenRecordOptions = {},
): Promise<Readable> {
  const queue = readOrder(ctx, record);
  const encryption = options.raw === true ? undefined : record.encryption;
  const dataKey =
    encryption === undefined
      ? undefined
      : (options.dataKey ?? dataKeyFor(ctx, encryption, undefined));
  const start = range?.start ?? 0;
  const end = range?.end ?? (options.raw === true ? storedSize(record) : record.size) - 1;
  const cached = options.cache === true ? cachedCopies(ctx, record) : undefined;
  const missing: ObjectCopy[] = [];
  const lost: ObjectCopy[] = [];
  let unreachable: { error: unknown } | undefined;
  const open = async (offset: number): Promise<Readable> => {
    let lastError: unknown = new Error(`object ${record.bucket}/${record.key} has no copies`);
    for (let copy = queue.shift(); copy !== undefined; copy = queue.shift()) {
      signal?.throwIfAborted();
      let stream: Readable;
      try {
        const from = start + offset;
        // The whole blob when the whole object is wanted: no Range header for the backend.
        const whole = offset === 0 && range === undefined;
        // Encrypted: the frames that hold the plaintext wanted, decrypted on the way out.
        const sealed =
          encryption === undefined || dataKey === undefined
            ? undefined
            : planSealedRead({ ...record, encryption }, dataKey, from, end, whole);
        const wanted = sealed ? sealed.range : whole ? undefined : { start: from, end };
        const stored = await readCopy(ctx, copy, wanted, signal, cached);
        stream = sealed ? sealed.decrypt(stored) : stored;
      } catch (error) {
        if (signal?.aborted) throw error;
        lastError = error;
        if (isBlobMissing(error)) {
          missing.push(copy);
          lost.push(copy);
        } else {
          unreachable = { error };
        }
        continue;
      }
      if (missing.length > 0 && options.repair !== false) {
        // In the background: the stream has no reader yet, and must not wait for the metastore.
        void repairMissingCopies(ctx, record, missing.splice(0), copy.backend);
      }
      return stream;
    }
    if (unreachable !== undefined) throw unreachable.error;
    if (lost.length > 0) {
      throw new ObjectDataLostError(
        record,
        lost.map(({ backend, blob }) => ({ backend, blob })),
        { cause: lastError },
      );
    }
    throw lastError;
  };
  const first = await open(0);
  if (queue.length === 0 || end < start) return first;
  return new ResumableRead(first, end - start + 1, async (delivered) =>
    queue.length === 0 || signal?.aborted ? undefined : open(delivered),
  );
}

/** The backends whose copies of `record` a read serves from the read cache, if any. */
function cachedCopies(ctx: LayerContext, record: ObjectRecord): CachedCopies | undefined {
  const policy = ctx.policyOf(record.bucket).cache;
  const size = storedSize(record);
  if (ctx.readCache === undefined || policy === undefined || size === 0) return undefined;
  if (policy.maxObjectSize !== undefined && size > policy.maxObjectSize) return undefined;
  return { cache: ctx.readCache, size, backends: policy.backends, bucket: record.bucket };
}

interface CachedCopies {
  readonly cache: ReadCache;
  /** The stored size of the version (every copy's blob size). */
  readonly size: number;
  /** `undefined`: every backend. */
  readonly backends: readonly string[] | undefined;
  readonly bucket: string;
}

/** Opens `wanted` (default the whole blob) of one copy, through the read cache when it applies. */
async function readCopy(
  ctx: LayerContext,
  copy: ObjectCopy,
  wanted: ByteRange | undefined,
  signal: AbortSignal | undefined,
  cached: CachedCopies | undefined,
): Promise<Readable> {
  const backend = ctx.backend(copy.backend);
  if (cached === undefined || cached.backends?.includes(copy.backend) === false) {
    return backend.get(copy.blob, {
      ...(wanted ? { range: wanted } : {}),
      ...(signal ? { signal } : {}),
    });
  }
  const blob = {
    backend: copy.backend,
    blob: copy.blob,
    size: cached.size,
    bucket: cached.bucket,
    open: (range: ByteRange, runSignal: AbortSignal) =>
      backend.get(copy.blob, { range, signal: runSignal }),
  };
  return cached.cache.read(blob, wanted ?? { start: 0, end: cached.size - 1 }, signal);
}

/** True for a backend's "no such blob" (`BlobNotFoundError`, code `ENOBLOB`). */
export function isBlobMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOBLOB';
}
