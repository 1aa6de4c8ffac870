import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** A fresh temp directory and its removal, for `await using`. Test-only. */
export async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), 'strata-bp-'));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/** Reads a whole stream (test bodies are small; production code never does this). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every regular file below `dir` (relative paths), for "nothing was left behind" checks. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Deterministic pseudo-random bytes (so a failing test reproduces). */
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

/** SHA-256 hex of some buffers, in order. */
export function sha256(...buffers: Buffer[]): string {
  const hash = createHash('sha256');
  for (const b of buffers) hash.update(b);
  return hash.digest('hex');
}

/** A body that sends `bytes` bytes, then fails like a client that disconnected. */
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

/** A body that sends one chunk every few ms and never ends (for abort tests). */
export function endlessBody(): Readable {
  return new Readable({
    read() {
      setTimeout(() => this.push(Buffer.alloc(16 * 1024, 1)), 5);
    },
  });
}

/** Feeds a buffer in 64 KiB chunks, so bodies really stream. */
export function chunked(buf: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += 64 * 1024) yield buf.subarray(i, i + 64 * 1024);
    })(),
  );
}

/**
 * A body that never ends and produces as fast as it is read (for aborts after many bytes). Each
 * chunk arrives on a later turn of the event loop, as from a socket: a stream that pushes
 * synchronously forever would spin a flowing reader without ever yielding.
 */
export function fastEndlessBody(): Readable {
  const chunk = Buffer.alloc(64 * 1024, 3);
  return new Readable({
    read() {
      setImmediate(() => this.push(chunk));
    },
  });
}

/** `names` sorted by their UTF-8 bytes, as S3 and the fs driver list them. */
export function byteSorted(names: readonly string[]): string[] {
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Every blob name `backend.list(prefix, options)` yields, in order. */
export async function listNames(
  backend: {
    list(prefix: string, options?: { delimiter?: string }): AsyncIterable<{ blob: string }>;
  },
  prefix: string,
  options?: { delimiter?: string },
): Promise<string[]> {
  const names: string[] = [];
  for await (const info of backend.list(prefix, options)) names.push(info.blob);
  return names;
}
