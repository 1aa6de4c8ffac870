import type { Readable } from 'node:stream';
import { guardStream, type ByteRange } from '@strata/backend-pool';
import { LRUCache } from 'lru-cache';
import { BlockRun, type RunBlock } from './block-run.js';
import { BlockStream, type BlockLookup, type ClaimedRun } from './block-stream.js';
import type { CachedBlob } from './cached-blob.js';
import { DiskTier, type DiskTierStats } from './disk-tier.js';
import { ReadAhead } from './read-ahead.js';

/** Construction options of {@link openReadCache}. */
export interface ReadCacheOptions {
  /**
   * Bytes per cached block (default 256 KiB; 4 KiB to 64 MiB). A miss fetches whole blocks: larger
   * ones suit large sequential reads, smaller ones the scattered column chunks of Parquet.
   */
  readonly blockSize?: number | undefined;
  /** Bytes of blocks kept in memory (default 256 MiB; 0: no memory tier). */
  readonly memoryBytes?: number | undefined;
  /** The directory of the disk tier; without it there is none. */
  readonly diskDir?: string | undefined;
  /** Bytes of block files the disk tier keeps (required with `diskDir`). */
  readonly diskBytes?: number | undefined;
  /**
   * Blocks fetched in one backend request at most (default 64): adjacent misses are coalesced
   * up to this, so a reader waiting for another's fetch of a block waits for at most this many.
   */
  readonly maxRunBlocks?: number | undefined;
  /**
   * Blocks fetched ahead in the background when a read of a blob starts where the previous
   * read of it ended (a sequential reader); default 0, none.
   */
  readonly readaheadBlocks?: number | undefined;
}

/** Counters of one bucket's reads through the cache. */
export interface BucketCacheStats {
  /** Blocks served from memory, disk, or another read's fetch. */
  readonly hits: number;
  /** Blocks fetched from a backend. */
  readonly misses: number;
  /** Bytes served from the cache: backend traffic saved. */
  readonly bytesHit: number;
  /** Bytes served that were fetched from a backend. */
  readonly bytesMissed: number;
  /** Blocks fetched ahead of sequential reads. */
  readonly readahead: number;
}

/** What {@link ReadCache.stats} reports. */
export interface ReadCacheStats {
  readonly blockSize: number;
  readonly memory: {
    readonly usedBytes: number;
    readonly blocks: number;
    readonly evictions: number;
  };
  readonly disk: DiskTierStats | undefined;
  readonly buckets: ReadonlyMap<string, BucketCacheStats>;
}

/**
 * A read cache of blob bytes in fixed blocks, in memory and on disk. Safe under any writes from
 * any instance without invalidation: blocks are keyed by the immutable blob name, and which blob
 * a key maps to is read from the metastore on every request.
 */
export interface ReadCache extends AsyncDisposable {
  readonly blockSize: number;
  /**
   * The bytes `range` (inclusive, within `blob.size`) of `blob`: cached blocks as they are, the
   * missing ones fetched with one backend request per run of adjacent misses, a block another
   * read is fetching waited for rather than fetched twice. The caller consumes or destroys the
   * stream; `signal` cancels it.
   *
   * @throws what `blob.open` throws for the first missing block (before any byte is served).
   */
  read(blob: CachedBlob, range: ByteRange, signal?: AbortSignal): Promise<Readable>;
  stats(): ReadCacheStats;
  /** Cancels read-ahead fetches, then waits for the disk writes under way. Idempotent. */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const MIN_BLOCK = 4 * 1024;
const MAX_BLOCK = 64 * MiB;

/**
 * Opens a read cache (the disk tier's directory is scanned, so blocks a previous process left
 * are served again).
 *
 * @example
 * ```ts
 * const cache = await openReadCache({ memoryBytes: 512 * 1024 * 1024, diskDir: '/var/cache/strata', diskBytes: 50e9 });
 * const layer = createObjectLayer({ store, pool, region, readCache: cache, bucketPolicy: () => ({ cache: {} }) });
 * ```
 * @throws RangeError for a block size or tier size out of bounds; the file system's error when
 *   the disk tier's directory cannot be created or read.
 */
export async function openReadCache(options: ReadCacheOptions = {}): Promise<ReadCache> {
  const blockSize = options.blockSize ?? 256 * 1024;
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK || blockSize > MAX_BLOCK) {
    throw new RangeError(
      `blockSize must be an integer from ${MIN_BLOCK} to ${MAX_BLOCK}: ${blockSize}`,
    );
  }
  const memoryBytes = options.memoryBytes ?? 256 * MiB;
  if (!(memoryBytes >= 0)) throw new RangeError(`memoryBytes must be 0 or more: ${memoryBytes}`);
  const diskBytes = options.diskBytes ?? 0;
  if (options.diskDir !== undefined && !(diskBytes > 0)) {
    throw new RangeError(`diskBytes must be positive with diskDir: ${diskBytes}`);
  }
  const disk =
    options.diskDir === undefined
      ? undefined
      : await DiskTier.open({ dir: options.diskDir, maxBytes: diskBytes });
  const readahead = options.readaheadBlocks ?? 0;
  if (!(Number.isInteger(readahead) && readahead >= 0)) {
    throw new RangeError(`readaheadBlocks must be an integer of 0 or more: ${readahead}`);
  }
  return new BlockCache(blockSize, memoryBytes, disk, options.maxRunBlocks ?? 64, readahead);
}

interface BucketCounters {
  hits: number;
  misses: number;
  bytesHit: number;
  bytesMissed: number;
  readahead: number;
}

class BlockCache implements ReadCache, BlockLookup {
  readonly blockSize: number;
  readonly #memory: LRUCache<string, Buffer> | undefined;
  readonly #disk: DiskTier | undefined;
  readonly #maxRun: number;
  readonly #flights = new Map<string, Promise<Buffer>>();
  readonly #buckets = new Map<string, BucketCounters>();
  readonly #readAhead: ReadAhead;
  /** Each blob's key prefix, made once per read rather than once per block. */
  readonly #prefixes = new WeakMap<CachedBlob, string>();
  #memoryEvictions = 0;

  constructor(
    blockSize: number,
    memoryBytes: number,
    disk: DiskTier | undefined,
    maxRun: number,
    readahead: number,
  ) {
    this.blockSize = blockSize;
    this.#readAhead = new ReadAhead(
      readahead,
      (blob) => this.#prefixOf(blob),
      (blob, index, last, signal) => this.startRun(blob, index, last, signal, false),
      (blob, blocks) => {
        this.#countersOf(blob).readahead += blocks;
      },
    );
    this.#disk = disk;
    this.#maxRun = Math.max(1, maxRun);
    this.#memory =
      memoryBytes === 0
        ? undefined
        : new LRUCache<string, Buffer>({
            maxSize: memoryBytes,
            sizeCalculation: (block) => block.length,
            dispose: (_block, _key, reason) => {
              if (reason === 'evict') this.#memoryEvictions += 1;
            },
          });
  }

  async read(blob: CachedBlob, range: ByteRange, signal?: AbortSignal): Promise<Readable> {
    if (!(range.start >= 0 && range.start <= range.end && range.end < blob.size)) {
      throw new RangeError(
        `range ${range.start}-${range.end} is outside a blob of ${blob.size} bytes`,
      );
    }
    const stream = guardStream(new BlockStream(this, blob, range, signal));
    await stream.prime();
    // After the read claimed its own blocks: the blocks after them are what is fetched ahead.
    this.#readAhead.observe(
      blob,
      Math.floor(range.start / this.blockSize),
      Math.floor(range.end / this.blockSize),
      this.#lastBlockOf(blob),
    );
    return stream;
  }

  async lookup(blob: CachedBlob, index: number): Promise<Buffer | undefined> {
    const key = this.#keyOf(blob, index);
    const inMemory = this.#memory?.get(key);
    if (inMemory !== undefined) return inMemory;
    const flight = this.#flights.get(key);
    if (flight !== undefined) {
      // The other read failing (its client left) is no reason for this one to: fetch it anew.
      const shared = await flight.catch(() => undefined);
      if (shared !== undefined) return shared;
    }
    const onDisk = await this.#disk?.get(key);
    if (onDisk !== undefined) this.#memory?.set(key, onDisk);
    return onDisk;
  }

  startRun(
    blob: CachedBlob,
    index: number,
    last: number,
    signal: AbortSignal,
    force: boolean,
  ): ClaimedRun | undefined {
    if (!force && this.#present(this.#keyOf(blob, index))) return undefined;
    const limit = Math.min(last, this.#lastBlockOf(blob), index + this.#maxRun - 1);
    let end = index;
    while (end < limit && !this.#present(this.#keyOf(blob, end + 1))) end += 1;
    const blocks: RunBlock[] = [];
    for (let i = index; i <= end; i += 1) blocks.push(this.#fly(this.#keyOf(blob, i), i, blob));
    const range = {
      start: index * this.blockSize,
      end: Math.min((end + 1) * this.blockSize, blob.size) - 1,
    };
    const opened = blob.open(range, signal).then(
      (stream) =>
        new BlockRun(stream, blocks, (i, block) => this.#keep(this.#keyOf(blob, i), block)),
      (error: unknown) => {
        const failed = error instanceof Error ? error : new Error(String(error));
        for (const block of blocks) block.reject(failed);
        throw error;
      },
    );
    return { first: index, last: end, opened };
  }

  count(blob: CachedBlob, hit: boolean, bytes: number): void {
    const counters = this.#countersOf(blob);
    if (hit) {
      counters.hits += 1;
      counters.bytesHit += bytes;
    } else {
      counters.misses += 1;
      counters.bytesMissed += bytes;
    }
  }

  stats(): ReadCacheStats {
    const buckets = new Map<string, BucketCacheStats>();
    for (const [bucket, counters] of this.#buckets) buckets.set(bucket, { ...counters });
    return {
      blockSize: this.blockSize,
      memory: {
        usedBytes: this.#memory?.calculatedSize ?? 0,
        blocks: this.#memory?.size ?? 0,
        evictions: this.#memoryEvictions,
      },
      disk: this.#disk?.stats(),
      buckets,
    };
  }

  async close(): Promise<void> {
    await this.#readAhead.close();
    await this.#disk?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #countersOf(blob: CachedBlob): BucketCounters {
    let counters = this.#buckets.get(blob.bucket);
    if (counters === undefined) {
      counters = { hits: 0, misses: 0, bytesHit: 0, bytesMissed: 0, readahead: 0 };
      this.#buckets.set(blob.bucket, counters);
    }
    return counters;
  }

  /** A block kept or being fetched: a run stops before it (its own lookup will find it). */
  #present(key: string): boolean {
    return (
      this.#memory?.has(key) === true || this.#flights.has(key) || this.#disk?.has(key) === true
    );
  }

  /** Registers the fetch of one block, so that concurrent reads of it wait for this one. */
  #fly(key: string, index: number, blob: CachedBlob): RunBlock {
    let resolve!: (block: Buffer) => void;
    let reject!: (error: Error) => void;
    const flight = new Promise<Buffer>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    // Nobody may be waiting: a rejected flight must not become an unhandled rejection.
    flight.catch(() => undefined);
    const forget = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    this.#flights.set(key, flight);
    const bytes = Math.min(this.blockSize, blob.size - index * this.blockSize);
    return {
      index,
      bytes,
      resolve: (block) => {
        forget();
        resolve(block);
      },
      reject: (error) => {
        forget();
        reject(error);
      },
    };
  }

  #keep(key: string, block: Buffer): void {
    this.#memory?.set(key, block);
    this.#disk?.put(key, block);
  }

  #lastBlockOf(blob: CachedBlob): number {
    return Math.ceil(blob.size / this.blockSize) - 1;
  }

  #keyOf(blob: CachedBlob, index: number): string {
    return `${this.#prefixOf(blob)}${index}`;
  }

  #prefixOf(blob: CachedBlob): string {
    let prefix = this.#prefixes.get(blob);
    if (prefix === undefined) {
      // JSON keeps the parts apart whatever characters a blob name holds.
      prefix = `${JSON.stringify([blob.backend, blob.blob, blob.size, this.blockSize])}:`;
      this.#prefixes.set(blob, prefix);
    }
    return prefix;
  }
}
