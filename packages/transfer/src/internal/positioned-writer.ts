import type { FileHandle } from 'node:fs/promises';

/** Network chunks are gathered to this size before each positioned write (~2 000 writes/GiB). */
export const WRITE_BUFFER_SIZE = 512 * 1024;

/**
 * Writes a stream of chunks into a file from byte `position` on, with positioned writes
 * (`FileHandle.writev` at an offset, so ranges of one file can be written in parallel),
 * gathering chunks until 512 KiB are waiting. The chunks are kept, not copied: a readable's
 * chunks are the consumer's once emitted, and one `writev` of the list costs no copy and no
 * buffer of its own. `write` resolves once the chunk is kept or written: awaiting it is the
 * backpressure.
 */
export class PositionedWriter {
  readonly #file: FileHandle;
  #chunks: Buffer[] = [];
  #waiting = 0;
  #position: number;
  /** Bytes accepted so far. */
  written = 0;

  constructor(file: FileHandle, position: number) {
    this.#file = file;
    this.#position = position;
  }

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.written += chunk.length;
    this.#chunks.push(chunk);
    this.#waiting += chunk.length;
    if (this.#waiting >= WRITE_BUFFER_SIZE) await this.flush();
  }

  /** Writes what is waiting. */
  async flush(): Promise<void> {
    let chunks = this.#chunks;
    this.#chunks = [];
    while (chunks.length > 0) {
      const { bytesWritten } = await this.#file.writev(chunks, this.#position);
      this.#position += bytesWritten;
      this.#waiting -= bytesWritten;
      chunks = dropWritten(chunks, bytesWritten);
    }
  }
}

/** What is left of `chunks` after a short write of `n` bytes. */
function dropWritten(chunks: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < chunks.length && n >= (chunks[i]?.length ?? 0)) n -= chunks[i++]?.length ?? 0;
  const rest = chunks.slice(i);
  const first = rest[0];
  if (first !== undefined && n > 0) rest[0] = first.subarray(n);
  return rest;
}
