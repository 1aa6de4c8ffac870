import { Readable } from 'node:stream';
import { createChecksum, type Checksum, type ChecksumAlgorithm } from '@strata/checksums';
import { SigV4Error } from '../sigv4-error.js';
import { MultipartFormParser, type FormPart } from './multipart-form-parser.js';

/** Limits of a {@link PostObjectReader}. */
export interface PostObjectReaderOptions {
  maxFieldsBytes: number;
}

/** Pulls the request body through the form parser on demand. */
export class PostObjectReader {
  readonly #iterator: AsyncIterator<unknown>;
  readonly #parser: MultipartFormParser;
  readonly #maxFieldsBytes: number;
  readonly #fields = new Map<string, string>();
  #fieldsBytes = 0;
  #field: { name: string; chunks: Buffer[] } | undefined;
  #filePart: FormPart | undefined;
  #phase: 'fields' | 'file' | 'trailing' = 'fields';
  /** The parser paused at the file part's headers; the first pump resumes it. */
  #resumed = false;
  #onFileData: (data: Buffer) => void = () => undefined;
  #onFileEnd: () => void = () => undefined;

  constructor(body: Readable, boundary: string, options: PostObjectReaderOptions) {
    this.#iterator = body[Symbol.asyncIterator]();
    this.#maxFieldsBytes = options.maxFieldsBytes;
    this.#parser = new MultipartFormParser(boundary, {
      partStart: (part) => this.#partStart(part),
      partData: (data) => this.#partData(data),
      partEnd: () => this.#partEnd(),
    });
  }

  /** Pump the body until the `file` part starts. */
  async readFields(): Promise<{ fields: Map<string, string>; part: FormPart }> {
    while (this.#filePart === undefined) {
      const next = await this.#iterator.next();
      if (next.done === true) {
        this.#parser.finish();
        throw new SigV4Error(
          'InvalidArgument',
          'POST requires exactly one file upload per request.',
          {
            ArgumentName: 'file',
            ArgumentValue: '0',
          },
        );
      }
      this.#parser.write(toBuffer(next.value));
    }
    return { fields: this.#fields, part: this.#filePart };
  }

  /** Start streaming the file part into a Readable, enforcing the length range and checksums. */
  startFile(
    range: { min: number; max: number },
    expected: ReadonlyMap<ChecksumAlgorithm, string>,
    compute: readonly ChecksumAlgorithm[],
  ): FileStream {
    return new FileStream(this, range, expected, compute);
  }

  /** Wire the file callbacks (FileStream's). */
  attach(onData: (data: Buffer) => void, onEnd: () => void): void {
    this.#onFileData = onData;
    this.#onFileEnd = onEnd;
  }

  /**
   * Feed the parser one more piece of the body (resuming after the pause at the file part first).
   * @returns `false` once the body is fully parsed.
   */
  async pump(): Promise<boolean> {
    if (this.#phase === 'file' && this.#resumed === false) {
      this.#resumed = true;
      this.#parser.write(Buffer.alloc(0));
      return true;
    }
    if (this.#parser.done) return false;
    const next = await this.#iterator.next();
    if (next.done === true) {
      this.#parser.finish();
      return false;
    }
    this.#parser.write(toBuffer(next.value));
    return true;
  }

  #partStart(part: FormPart): 'pause' | undefined {
    if (this.#phase !== 'fields') return undefined;
    const name = part.name.toLowerCase();
    if (name === 'file') {
      this.#phase = 'file';
      this.#filePart = part;
      // Stop here: nothing of the file may flow before the policy is verified.
      return 'pause';
    }
    if (this.#fields.has(name)) {
      throw new SigV4Error('InvalidArgument', `Duplicate form field: ${part.name}`, {
        ArgumentName: part.name,
      });
    }
    this.#field = { name, chunks: [] };
    this.#count(name.length);
    return undefined;
  }

  #partData(data: Buffer): void {
    if (this.#phase === 'file') this.#onFileData(data);
    else if (this.#phase === 'fields' && this.#field !== undefined) {
      this.#count(data.length);
      this.#field.chunks.push(Buffer.from(data));
    }
  }

  #partEnd(): void {
    if (this.#phase === 'file') {
      this.#phase = 'trailing';
      this.#onFileEnd();
    } else if (this.#phase === 'fields' && this.#field !== undefined) {
      this.#fields.set(this.#field.name, Buffer.concat(this.#field.chunks).toString('utf8'));
      this.#field = undefined;
    }
  }

  #count(bytes: number): void {
    this.#fieldsBytes += bytes;
    if (this.#fieldsBytes > this.#maxFieldsBytes) {
      throw new SigV4Error(
        'MaxPostPreDataLengthExceededError',
        'Your POST request fields preceding the upload file were too large.',
        { MaxPostPreDataLength: String(this.#maxFieldsBytes) },
      );
    }
  }
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  throw new TypeError('POST body chunks must be bytes');
}

/** The file part as a Readable: pulls the body only as fast as it is read. */
export class FileStream extends Readable {
  readonly #reader: PostObjectReader;
  readonly #range: { min: number; max: number };
  readonly #expected: ReadonlyMap<ChecksumAlgorithm, string>;
  readonly #sums: Checksum[];
  #bytes = 0;
  #results: Record<string, string> = {};
  #pulling = false;
  #blocked = false;

  constructor(
    reader: PostObjectReader,
    range: { min: number; max: number },
    expected: ReadonlyMap<ChecksumAlgorithm, string>,
    compute: readonly ChecksumAlgorithm[],
  ) {
    super();
    this.#reader = reader;
    this.#range = range;
    this.#expected = expected;
    this.#sums = [...new Set([...expected.keys(), ...compute])].map((a) => createChecksum(a));
    reader.attach(
      (data) => this.#data(data),
      () => this.#end(),
    );
  }

  /** File bytes so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Checksums computed (and verified when a field carried one), after the stream ended. */
  checksums(): Record<string, string> {
    return { ...this.#results };
  }

  override _read(): void {
    this.#blocked = false;
    if (!this.#pulling) void this.#pull();
  }

  async #pull(): Promise<void> {
    this.#pulling = true;
    try {
      while (!this.#blocked && !this.destroyed) {
        if (!(await this.#reader.pump())) {
          this.push(null);
          return;
        }
      }
    } catch (error) {
      this.destroy(error as Error);
    } finally {
      this.#pulling = false;
    }
  }

  #data(data: Buffer): void {
    this.#bytes += data.length;
    if (this.#bytes > this.#range.max) {
      throw new SigV4Error(
        'EntityTooLarge',
        'Your proposed upload exceeds the maximum allowed size',
        {
          ProposedSize: String(this.#bytes),
          MaxSizeAllowed: String(this.#range.max),
        },
      );
    }
    for (const sum of this.#sums) sum.update(data);
    // The parser hands out views of the body chunk; copy only what it will reuse (nothing here).
    if (!this.push(data)) this.#blocked = true;
  }

  #end(): void {
    if (this.#bytes < this.#range.min) {
      throw new SigV4Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed size',
        {
          ProposedSize: String(this.#bytes),
          MinSizeAllowed: String(this.#range.min),
        },
      );
    }
    for (const sum of this.#sums) {
      const computed = sum.digest();
      const claimed = this.#expected.get(sum.algorithm);
      if (claimed !== undefined && claimed !== computed) {
        throw new SigV4Error(
          'BadDigest',
          `The ${sum.algorithm} you specified did not match the calculated checksum.`,
        );
      }
      this.#results[sum.algorithm] = computed;
    }
  }
}
