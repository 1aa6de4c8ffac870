import { SigV4Error } from '../sigv4-error.js';

/** The headers of one `multipart/form-data` part that matter for an S3 POST. */
export interface FormPart {
  /** `name` of `Content-Disposition: form-data; name="…"`, as sent. */
  name: string;
  /** `filename` parameter, when present. */
  filename?: string;
  /** The part's own `Content-Type`, when present. */
  contentType?: string;
}

/** What the parser reports. `partStart` returning `'pause'` stops it until `write()` is called again. */
export interface FormEvents {
  partStart(part: FormPart): 'pause' | undefined;
  partData(data: Buffer): void;
  partEnd(): void;
}

type State = 'preamble' | 'delimiter' | 'headers' | 'body' | 'done';

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;
const EMPTY = Buffer.alloc(0);

export function malformedPost(): SigV4Error {
  return new SigV4Error(
    'MalformedPOSTRequest',
    'The body of your POST request is not well-formed multipart/form-data.',
  );
}

/**
 * An incremental RFC 7578 `multipart/form-data` parser: part data is reported as it arrives and
 * never collected, and at most one delimiter's worth of bytes (or one header block) is held back
 * between writes, so memory stays constant whatever the file size.
 */
export class MultipartFormParser {
  readonly #delimiter: Buffer;
  readonly #events: FormEvents;
  // The first boundary is not preceded by CRLF; pretending it is makes every delimiter alike.
  #pending: Buffer = CRLF;
  #state: State = 'preamble';

  constructor(boundary: string, events: FormEvents) {
    this.#delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.#events = events;
  }

  /** `true` once the closing delimiter was seen. */
  get done(): boolean {
    return this.#state === 'done';
  }

  /** Feed the next bytes (an empty buffer resumes after a pause). @throws {SigV4Error} */
  write(chunk: Buffer): void {
    let buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#pending = EMPTY;
    for (;;) {
      const rest = this.#step(buf);
      if (rest === undefined) return;
      buf = rest;
    }
  }

  /** The body ended. @throws {SigV4Error} `IncompleteBody` when the closing delimiter is missing. */
  finish(): void {
    if (this.#state !== 'done') {
      throw new SigV4Error(
        'IncompleteBody',
        'The request body terminated unexpectedly before the multipart/form-data closing boundary.',
      );
    }
  }

  /** Consume what the current state can; the remainder to go on with, or `undefined` to wait. */
  #step(buf: Buffer): Buffer | undefined {
    switch (this.#state) {
      case 'preamble':
      case 'body':
        return this.#scanBody(buf);
      case 'delimiter':
        return this.#afterDelimiter(buf);
      case 'headers':
        return this.#headers(buf);
      case 'done':
        return undefined; // the epilogue is ignored
    }
  }

  #scanBody(buf: Buffer): Buffer | undefined {
    const at = buf.indexOf(this.#delimiter);
    const inBody = this.#state === 'body';
    if (at < 0) {
      // Hold back a tail that could be the start of a delimiter split across writes.
      const keep = Math.min(buf.length, this.#delimiter.length - 1);
      if (inBody && buf.length > keep) this.#events.partData(buf.subarray(0, buf.length - keep));
      this.#pending = Buffer.from(buf.subarray(buf.length - keep));
      return undefined;
    }
    if (inBody) {
      if (at > 0) this.#events.partData(buf.subarray(0, at));
      this.#events.partEnd();
    }
    this.#state = 'delimiter';
    return buf.subarray(at + this.#delimiter.length);
  }

  #afterDelimiter(buf: Buffer): Buffer | undefined {
    if (buf.length >= 2 && buf[0] === 0x2d && buf[1] === 0x2d) {
      this.#state = 'done';
      return undefined;
    }
    const eol = buf.indexOf(CRLF);
    if (eol < 0) {
      if (buf.length > 256) throw malformedPost();
      this.#pending = Buffer.from(buf);
      return undefined;
    }
    // RFC 2046 allows linear whitespace ("transport padding") after a delimiter.
    if (!/^[ \t]*$/.test(buf.toString('latin1', 0, eol))) throw malformedPost();
    this.#state = 'headers';
    return buf.subarray(eol + 2);
  }

  #headers(buf: Buffer): Buffer | undefined {
    const end = buf.subarray(0, 2).equals(CRLF) ? -2 : buf.indexOf(HEADER_END);
    if (end === -1) {
      if (buf.length > MAX_HEADER_BYTES) throw malformedPost();
      this.#pending = Buffer.from(buf);
      return undefined;
    }
    const part = parsePartHeaders(end < 0 ? '' : buf.toString('utf8', 0, end));
    const rest = buf.subarray(end + 4);
    this.#state = 'body';
    if (this.#events.partStart(part) === 'pause') {
      this.#pending = Buffer.from(rest);
      return undefined;
    }
    return rest;
  }
}

function parsePartHeaders(block: string): FormPart {
  let part: FormPart | undefined;
  let contentType: string | undefined;
  for (const line of block === '' ? [] : block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedPost();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') part = parseDisposition(value);
    else if (name === 'content-type') contentType = value;
  }
  if (part === undefined) throw malformedPost();
  return contentType === undefined ? part : { ...part, contentType };
}

/** `form-data; name="key"; filename="a.txt"`. */
function parseDisposition(value: string): FormPart {
  const [type, ...rest] = splitParams(value);
  if (type?.toLowerCase() !== 'form-data') throw malformedPost();
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    const raw = param.slice(eq + 1).trim();
    // Browsers percent-encode `"` (WHATWG multipart/form-data encoding) and send `\` as is, so
    // a backslash is no escape here: Windows paths stay intact.
    const unquoted =
      raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
    params.set(param.slice(0, eq).trim().toLowerCase(), unquoted);
  }
  const name = params.get('name');
  if (name === undefined || name === '') throw malformedPost();
  const filename = params.get('filename');
  return filename === undefined ? { name } : { name, filename };
}

/** Split on `;` outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ';' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}
