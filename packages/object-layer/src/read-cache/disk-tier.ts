import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { BLOCK_HEADER_BYTES, parseBlockFile, serializeBlockHeader } from './block-file.js';

/** Construction options of {@link DiskTier}. */
export interface DiskTierOptions {
  /** The directory the tier owns (created when missing). */
  readonly dir: string;
  /** Bytes of block files (headers included) the tier keeps at most. */
  readonly maxBytes: number;
  /**
   * Bytes of blocks waiting to be written at most; a block offered beyond it is not written (the
   * tier lags behind a burst of misses rather than holding memory for it). Default 64 MiB.
   */
  readonly maxPendingBytes?: number | undefined;
}

/** What a {@link DiskTier} counted since it opened. */
export interface DiskTierStats {
  readonly usedBytes: number;
  readonly blocks: number;
  readonly evictions: number;
  /** Block files found torn, truncated or corrupt, and dropped. */
  readonly corrupt: number;
  /** Writes that failed (a full disk, a removed directory) or were skipped under load. */
  readonly writeFailures: number;
}

const HASH_NAME = /^[0-9a-f]{64}$/;
const SHARD_NAME = /^[0-9a-f]{2}$/;
const TEMP_NAME = /^[0-9a-f]{64}\.tmp-\d+$/;
const WRITES_AT_ONCE = 4;
const DEFAULT_MAX_PENDING = 64 * 1024 * 1024;

/**
 * The disk tier of the read cache: one file per block under `dir/<2 hex>/<sha256 of the key>`,
 * each with a checksummed header ({@link serializeBlockHeader}), bounded to `maxBytes` with the
 * least recently used blocks evicted. Files are written to a temporary name and renamed, so a
 * crash leaves whole blocks or nothing; what survives is found again by {@link DiskTier.open}
 * (a restart keeps the tier, recency approximated by the files' modification times). A block that
 * fails its checksum on read is deleted and reported as a miss, never served.
 */
export class DiskTier {
  readonly #dir: string;
  readonly #index: LRUCache<string, number>;
  readonly #maxPending: number;
  readonly #shards = new Set<string>();
  readonly #pending = new Set<Promise<void>>();
  readonly #queue: { name: string; key: string; block: Buffer }[] = [];
  #pendingBytes = 0;
  #temp = 0;
  #evictions = 0;
  #corrupt = 0;
  #writeFailures = 0;

  private constructor(options: DiskTierOptions) {
    this.#dir = options.dir;
    this.#maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING;
    this.#index = new LRUCache<string, number>({
      maxSize: options.maxBytes,
      sizeCalculation: (bytes) => bytes,
      dispose: (_bytes, name, reason) => {
        if (reason === 'evict') this.#evictions += 1;
        // A replaced entry's file was already renamed over; only a dropped entry loses its file.
        if (reason === 'evict' || reason === 'delete') void this.#unlink(name);
      },
    });
  }

  /**
   * Opens the tier in `dir`: creates it, deletes temporary files a crash left, and indexes the
   * block files there oldest first (evicting the oldest if they exceed `maxBytes`).
   *
   * @throws the file system's error when `dir` cannot be created or read.
   */
  static async open(options: DiskTierOptions): Promise<DiskTier> {
    if (!(options.maxBytes > 0))
      throw new RangeError(`maxBytes must be positive: ${options.maxBytes}`);
    const tier = new DiskTier(options);
    await mkdir(options.dir, { recursive: true });
    await tier.#scan();
    return tier;
  }

  /** Whether a block of `key` is indexed (it may still fail its checksum when read). */
  has(key: string): boolean {
    return this.#index.has(nameOf(key));
  }

  /** The block of `key`, or `undefined` when absent or dropped as corrupt. */
  async get(key: string): Promise<Buffer | undefined> {
    const name = nameOf(key);
    if (this.#index.get(name) === undefined) return undefined;
    let file: Buffer;
    try {
      file = await readFile(this.#path(name));
    } catch {
      // Evicted meanwhile, or removed by hand: forget it.
      this.#index.delete(name);
      return undefined;
    }
    const payload = parseBlockFile(key, file);
    if (payload === undefined) {
      this.#corrupt += 1;
      this.#index.delete(name);
    }
    return payload;
  }

  /** Writes the block of `key` in the background (skipped when too much is waiting). */
  put(key: string, block: Buffer): void {
    const bytes = BLOCK_HEADER_BYTES + block.length;
    const name = nameOf(key);
    if (bytes > this.#index.maxSize || this.#index.has(name)) return;
    if (this.#pendingBytes + bytes > this.#maxPending) {
      this.#writeFailures += 1;
      return;
    }
    this.#pendingBytes += bytes;
    this.#queue.push({ name, key, block });
    this.#pump();
  }

  /** Counters and sizes of the tier. */
  stats(): DiskTierStats {
    return {
      usedBytes: this.#index.calculatedSize,
      blocks: this.#index.size,
      evictions: this.#evictions,
      corrupt: this.#corrupt,
      writeFailures: this.#writeFailures,
    };
  }

  /** Waits for the queued writes (at most `maxPendingBytes` of them). Idempotent. */
  async close(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #pump(): void {
    while (this.#pending.size < WRITES_AT_ONCE && this.#queue.length > 0) {
      const next = this.#queue.shift();
      if (next === undefined) return;
      const write = this.#write(next.name, next.key, next.block).finally(() => {
        this.#pending.delete(write);
        this.#pendingBytes -= BLOCK_HEADER_BYTES + next.block.length;
        this.#pump();
      });
      this.#pending.add(write);
    }
  }

  async #write(name: string, key: string, block: Buffer): Promise<void> {
    const path = this.#path(name);
    const temp = `${path}.tmp-${(this.#temp += 1)}`;
    try {
      const shard = name.slice(0, 2);
      if (!this.#shards.has(shard)) {
        await mkdir(join(this.#dir, shard), { recursive: true });
        this.#shards.add(shard);
      }
      await writeFile(temp, [serializeBlockHeader(key, block), block]);
      await rename(temp, path);
      this.#index.set(name, BLOCK_HEADER_BYTES + block.length);
    } catch {
      this.#writeFailures += 1;
      await unlink(temp).catch(() => undefined);
    }
  }

  async #unlink(name: string): Promise<void> {
    await unlink(this.#path(name)).catch(() => undefined);
  }

  #path(name: string): string {
    return join(this.#dir, name.slice(0, 2), name);
  }

  async #scan(): Promise<void> {
    const found: { name: string; bytes: number; mtime: number }[] = [];
    for (const shard of await readdir(this.#dir, { withFileTypes: true })) {
      if (!shard.isDirectory() || !SHARD_NAME.test(shard.name)) continue;
      this.#shards.add(shard.name);
      const dir = join(this.#dir, shard.name);
      for (const entry of await readdir(dir)) {
        const path = join(dir, entry);
        if (TEMP_NAME.test(entry)) {
          await unlink(path).catch(() => undefined);
          continue;
        }
        if (!HASH_NAME.test(entry) || !entry.startsWith(shard.name)) continue;
        const info = await stat(path).catch(() => undefined);
        if (info?.isFile()) found.push({ name: entry, bytes: info.size, mtime: info.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    for (const { name, bytes } of found) {
      // A file too short to be a block, or larger than the whole tier, is dropped now.
      if (bytes <= BLOCK_HEADER_BYTES || bytes > this.#index.maxSize) {
        await this.#unlink(name);
        continue;
      }
      this.#index.set(name, bytes);
    }
  }
}

function nameOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
