import type { Readable } from 'node:stream';
import { S3PartLimitError } from '../s3-part-limit-error.js';
import { BodyReader } from './body-reader.js';
import { PartBufferPool } from './part-buffer-pool.js';
import type { TransferPlan } from './transfer-plan.js';

/** One part on its way: what to send, and how long it is. */
export interface OutgoingPart {
  readonly body: Buffer | Readable;
  readonly length: number;
  /** Frees what holds the part (its pool buffer); call once its request settled. */
  release(): void;
}

/** The parts of an upload's body, read one at a time, only when asked for. */
export interface PartSource {
  /**
   * The next part. The first call always gives one (empty for an empty body), later calls
   * `undefined` after the last.
   *
   * @throws the body's error; RangeError when a body of declared size is shorter or longer;
   *   S3PartLimitError when a body of unknown size needs more than `maxParts` parts.
   */
  next(): Promise<OutgoingPart | undefined>;
  /** Part buffers allocated so far. */
  readonly buffers: number;
  /** Stops reading the body (destroying it if it has not ended). */
  close(): Promise<void>;
}

const noop = (): void => undefined;

/**
 * The part source `plan` asks for: views of a `Buffer` body (no copy), parts read into a pool
 * of `plan.held` buffers, or parts streamed from the body with their declared length.
 */
export function createPartSource(
  body: Readable | Buffer,
  plan: TransferPlan,
  size: number | undefined,
  maxParts: number,
): PartSource {
  if (Buffer.isBuffer(body)) return new ViewParts(body, plan.partSize);
  const reader = new BodyReader(body);
  if (plan.holding === 'streamed' && size !== undefined) {
    return new StreamedParts(reader, plan.partSize, size);
  }
  const pool = new PartBufferPool(plan.bufferSize, plan.held);
  return new PooledParts(reader, pool, { ...plan, size, maxParts });
}

/** Parts of a known size: `partSize` each, the last one the rest (one empty part for 0 bytes). */
function partLength(n: number, size: number, partSize: number): number | undefined {
  const count = Math.max(1, Math.ceil(size / partSize));
  if (n > count) return undefined;
  return n < count ? partSize : size - (count - 1) * partSize;
}

class ViewParts implements PartSource {
  readonly buffers = 0;
  readonly #body: Buffer;
  readonly #partSize: number;
  #n = 0;

  constructor(body: Buffer, partSize: number) {
    this.#body = body;
    this.#partSize = partSize;
  }

  next(): Promise<OutgoingPart | undefined> {
    const length = partLength(++this.#n, this.#body.length, this.#partSize);
    if (length === undefined) return Promise.resolve(undefined);
    const at = (this.#n - 1) * this.#partSize;
    return Promise.resolve({ body: this.#body.subarray(at, at + length), length, release: noop });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

// Parts too large for the budget: each is read from the body while it is sent, so the next one
// can only be asked for once the previous request settled (the upload sends them one by one).
class StreamedParts implements PartSource {
  readonly buffers = 0;
  readonly #reader: BodyReader;
  readonly #partSize: number;
  readonly #size: number;
  #n = 0;

  constructor(reader: BodyReader, partSize: number, size: number) {
    this.#reader = reader;
    this.#partSize = partSize;
    this.#size = size;
  }

  next(): Promise<OutgoingPart | undefined> {
    const n = ++this.#n;
    const length = partLength(n, this.#size, this.#partSize);
    if (length === undefined) return Promise.resolve(undefined);
    const last = partLength(n + 1, this.#size, this.#partSize) === undefined;
    return Promise.resolve({ body: this.#reader.slice(length, last), length, release: noop });
  }

  close(): Promise<void> {
    return this.#reader.close();
  }
}

interface PoolLayout {
  readonly partSize: number;
  readonly setting: TransferPlan['setting'];
  readonly size: number | undefined;
  readonly maxParts: number;
}

class PooledParts implements PartSource {
  readonly #reader: BodyReader;
  readonly #pool: PartBufferPool;
  readonly #layout: PoolLayout;
  #n = 0;

  constructor(reader: BodyReader, pool: PartBufferPool, layout: PoolLayout) {
    this.#reader = reader;
    this.#pool = pool;
    this.#layout = layout;
  }

  get buffers(): number {
    return this.#pool.allocated;
  }

  async next(): Promise<OutgoingPart | undefined> {
    const n = ++this.#n;
    const { size, partSize, maxParts } = this.#layout;
    if (size !== undefined) {
      const length = partLength(n, size, partSize);
      if (length === undefined) return undefined;
      return this.#read(length, partLength(n + 1, size, partSize) === undefined);
    }
    if (n > 1 && (await this.#reader.ended())) return undefined;
    // Checked before the part is read, so the part past the limit is never sent.
    if (n > maxParts) throw new S3PartLimitError(partSize, maxParts, this.#layout.setting);
    return this.#read(this.#pool.bufferSize, false);
  }

  close(): Promise<void> {
    return this.#reader.close();
  }

  async #read(length: number, last: boolean): Promise<OutgoingPart> {
    const buffer = this.#pool.take();
    try {
      const got = await this.#reader.fill(buffer.subarray(0, length));
      this.#checkLength(got, length, last && !(await this.#reader.ended()));
      let held = true;
      const release = (): void => {
        if (held) this.#pool.give(buffer);
        held = false;
      };
      return { body: buffer.subarray(0, got), length: got, release };
    } catch (err) {
      this.#pool.give(buffer);
      throw err;
    }
  }

  // A declared size is held to: S3 would store whatever the parts carried.
  #checkLength(got: number, length: number, longer: boolean): void {
    const { size } = this.#layout;
    if (size === undefined) return;
    if (got < length) {
      throw new RangeError(`the body ended after ${this.#reader.bytesRead} of its ${size} bytes`);
    }
    if (longer) throw new RangeError(`the body is longer than its declared ${size} bytes`);
  }
}
