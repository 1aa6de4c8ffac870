import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * A fresh read stream over bytes `start`..`start + length - 1` of `path` (an empty Buffer for 0
 * bytes): one per attempt, so a failed attempt is retried by reading the range again rather than
 * by holding it in memory.
 */
export function fileRange(path: string, start: number, length: number): Readable | Buffer {
  if (length === 0) return Buffer.alloc(0);
  return createReadStream(path, { start, end: start + length - 1, highWaterMark: 256 * 1024 });
}
