import type { FileHandle } from 'node:fs/promises';

/** Network chunks are gathered to this size before each positioned write (~2 000 writes/GiB). */
export const WRITE_BUFFER_SIZE = 512 * 1024;

/**
 * Writes a stream of chunks into a file from byte `position` on, with positioned writes
 * (`FileHandle.write` at an offset, so ranges of one file can be written in parallel), gathering
 * chunks into one 512 KiB buffer first. `write` resolves once the chunk is buffered or written:
 * awaiting it is the backpressure.
 */
export class PositionedWriter {
  readonly #file: FileHandle;
  readonly #buffer = Buffer.allocUnsafe(WRITE_BUFFER_SIZE);
  #used = 0;
  #position: number;
  /** Bytes accepted so far. */
  written = 0;

  constructor(file: FileHandle, position: number) {
    this.#file = file;
    this.#position = position;
  }

  async write(chunk: Buffer): Promise<void> {
    this.written += chunk.length;
    for (let at = 0; at < chunk.length;) {
      const n = chunk.copy(this.#buffer, this.#used, at);
      this.#used += n;
      at += n;
      if (this.#used === this.#buffer.length) await this.flush();
    }
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    for (let done = 0; done < this.#used;) {
      const { bytesWritten } = await this.#file.write(
        this.#buffer,
        done,
        this.#used - done,
        this.#position + done,
      );
      done += bytesWritten;
    }
    this.#position += this.#used;
    this.#used = 0;
  }
}
