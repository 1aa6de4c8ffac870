import { SigV4Error } from '../sigv4-error.js';

/** Callbacks of {@link AwsChunkedParser}; any of them may throw a {@link SigV4Error}. */
export interface AwsChunkedEvents {
  /** A chunk header: decoded size and `chunk-signature`, if sent. */
  chunkStart(size: number, signature: string | undefined): void;
  /** Bytes of the current chunk's data (a chunk may arrive in many pieces). */
  data(bytes: Buffer): void;
  /** The current chunk's data and its CRLF are complete. */
  chunkEnd(): void;
  /** One trailing header after the final zero-size chunk. */
  trailer(name: string, value: string): void;
  /** The empty line that ends the body. */
  end(): void;
}

type State = 'size' | 'data' | 'data-crlf' | 'trailer' | 'maybe-end' | 'done';

// Chunk header lines are ~100 bytes and trailer lines about as long; anything much longer is
// garbage, and the cap keeps memory per request constant.
const MAX_LINE = 4096;
const MAX_TRAILERS = 32;
const SIZE_LINE = /^([0-9a-fA-F]{1,13})((?:;[^;]*)*)$/;

const SIGNATURE_EXTENSION = ';chunk-signature=';

/**
 * `hex-size[;name=value…]`: the decoded size and the `chunk-signature` extension. The form every
 * SDK sends (`10000;chunk-signature=<64 hex>` or a bare size) is read without a regular
 * expression or a split; anything else takes the general path.
 */
function parseSizeLine(line: string): { size: number; signature: string | undefined } {
  let i = 0;
  let size = 0;
  for (; i < line.length && i < 13; i++) {
    const d = hexDigit(line.charCodeAt(i));
    if (d < 0) break;
    size = size * 16 + d;
  }
  if (i > 0 && i === line.length) return { size, signature: undefined };
  if (
    i > 0 &&
    line.length === i + SIGNATURE_EXTENSION.length + 64 &&
    line.startsWith(SIGNATURE_EXTENSION, i) &&
    line.indexOf(';', i + 1) < 0 &&
    line.charCodeAt(i + SIGNATURE_EXTENSION.length) > 0x20 &&
    line.charCodeAt(line.length - 1) > 0x20
  ) {
    return { size, signature: line.slice(i + SIGNATURE_EXTENSION.length) };
  }
  const m = SIZE_LINE.exec(line);
  if (!m) throw framing('malformed chunk header');
  let signature: string | undefined;
  for (const ext of (m[2] ?? '').split(';')) {
    const eq = ext.indexOf('=');
    if (eq > 0 && ext.slice(0, eq).trim() === 'chunk-signature')
      signature = ext.slice(eq + 1).trim();
  }
  return { size: parseInt(m[1]!, 16), signature };
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function framing(reason: string): SigV4Error {
  return new SigV4Error(
    'IncompleteBody',
    `The request body is not valid aws-chunked encoding: ${reason}.`,
  );
}

/**
 * Incremental `aws-chunked` parser (AWS SigV4 streaming upload framing):
 * `hex-size[;chunk-signature=sig]\r\n data \r\n` … `0[;chunk-signature=sig]\r\n`, trailing
 * `name:value\r\n` lines, then `\r\n`. Accepts input split at any byte boundary, never buffers
 * chunk data, and throws instead of waiting forever on truncated input.
 */
export class AwsChunkedParser {
  readonly #events: AwsChunkedEvents;
  readonly #expectTrailers: boolean;
  #state: State = 'size';
  #line: Buffer[] = [];
  #lineLength = 0;
  #remaining = 0;
  #crlf = 0;
  #trailers = 0;
  #leadingEmptyLine = false;

  /** `expectTrailers` enables the trailer section (the `*-TRAILER` payload modes). */
  constructor(events: AwsChunkedEvents, expectTrailers: boolean) {
    this.#events = events;
    this.#expectTrailers = expectTrailers;
  }

  /** Feed the next piece of the encoded body. */
  write(input: Buffer): void {
    let pos = 0;
    while (pos < input.length) {
      switch (this.#state) {
        case 'size':
        case 'trailer':
          pos = this.#readLine(input, pos);
          break;
        case 'data': {
          const take = Math.min(this.#remaining, input.length - pos);
          this.#remaining -= take;
          this.#events.data(input.subarray(pos, pos + take));
          pos += take;
          if (this.#remaining === 0) this.#state = 'data-crlf';
          break;
        }
        case 'data-crlf': {
          const expected = this.#crlf === 0 ? 0x0d : 0x0a;
          if (input[pos] !== expected) throw framing('chunk data is longer than its declared size');
          pos++;
          if (++this.#crlf === 2) {
            this.#crlf = 0;
            this.#state = 'size';
            this.#events.chunkEnd();
          }
          break;
        }
        case 'maybe-end':
          // An empty line right after the final chunk either ends the body or, in the form
          // the AWS docs show (`0;chunk-signature=…\r\n\r\n` then the trailers), precedes them.
          if (input[pos] === 0x0d || input[pos] === 0x0a) pos++;
          else this.#state = 'trailer';
          break;
        case 'done':
          // Tolerate stray line ends after the terminating empty line; nothing else.
          if (input[pos] !== 0x0d && input[pos] !== 0x0a) {
            throw new SigV4Error(
              'InvalidRequest',
              'Unexpected data after the end of the aws-chunked body.',
            );
          }
          pos++;
          break;
      }
    }
  }

  /** Call at end of input. */
  finish(): void {
    if (this.#state === 'done') return;
    // Some clients omit the final empty line after the trailers; end of input ends them too.
    if (this.#state === 'maybe-end' || (this.#state === 'trailer' && this.#lineLength === 0)) {
      this.#state = 'done';
      this.#events.end();
      return;
    }
    throw new SigV4Error(
      'IncompleteBody',
      'The request body terminated unexpectedly before the final chunk.',
    );
  }

  #readLine(input: Buffer, pos: number): number {
    const nl = input.indexOf(0x0a, pos);
    const end = nl < 0 ? input.length : nl;
    if (this.#lineLength + (end - pos) > MAX_LINE) throw framing('line too long');
    if (nl >= 0 && this.#lineLength === 0) {
      // The whole line is in this piece (the common case): decode it in place.
      this.#onLine(
        input.toString('latin1', pos, end > pos && input[end - 1] === 0x0d ? end - 1 : end),
      );
      return nl + 1;
    }
    if (end > pos) {
      this.#line.push(input.subarray(pos, end));
      this.#lineLength += end - pos;
    }
    if (nl < 0) return input.length;
    let line = Buffer.concat(this.#line, this.#lineLength).toString('latin1');
    this.#line = [];
    this.#lineLength = 0;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.#onLine(line);
    return nl + 1;
  }

  #onLine(line: string): void {
    if (this.#state === 'size') this.#onSizeLine(line);
    else this.#onTrailerLine(line);
  }

  #onSizeLine(line: string): void {
    const { size, signature } = parseSizeLine(line);
    this.#events.chunkStart(size, signature);
    if (size === 0) {
      this.#events.chunkEnd();
      this.#state = 'trailer';
    } else {
      this.#remaining = size;
      this.#state = 'data';
    }
  }

  #onTrailerLine(line: string): void {
    if (line === '' && this.#expectTrailers && this.#trailers === 0 && !this.#leadingEmptyLine) {
      this.#leadingEmptyLine = true;
      this.#state = 'maybe-end';
      return;
    }
    if (line === '') {
      this.#state = 'done';
      this.#events.end();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || ++this.#trailers > MAX_TRAILERS) {
      throw new SigV4Error(
        'MalformedTrailerError',
        'The request contained trailing data that was not well-formed or did not conform to our published schema.',
      );
    }
    this.#events.trailer(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
}
