import { inspect } from 'node:util';
import { MASTER_KEY_SIZE } from '@strata/envelope';

/**
 * A master key of `encryption.keys` as validated configuration: its 32 bytes, or the file to read
 * them from at start. The bytes are private and the object prints as `[redacted]` (in
 * `JSON.stringify`, `util.inspect`, pino, template strings), so a dumped or logged configuration
 * never shows key material.
 */
export class ConfiguredKey {
  readonly #bytes: Buffer | undefined;
  /** The file the key is read from (`file:/path`), or `undefined` for an inline key. */
  readonly file: string | undefined;

  private constructor(bytes: Buffer | undefined, file: string | undefined) {
    this.#bytes = bytes;
    this.file = file;
  }

  /** An inline key (already decoded, {@link MASTER_KEY_SIZE} bytes). */
  static inline(bytes: Buffer): ConfiguredKey {
    return new ConfiguredKey(Buffer.from(bytes), undefined);
  }

  /** A key read from `file` when the gateway starts. */
  static fromFile(file: string): ConfiguredKey {
    return new ConfiguredKey(undefined, file);
  }

  /** The inline key's bytes; `undefined` for a key kept in a file. */
  get bytes(): Buffer | undefined {
    return this.#bytes;
  }

  toJSON(): string {
    return this.toString();
  }

  toString(): string {
    return this.file === undefined ? '[redacted]' : `file:${this.file}`;
  }

  [inspect.custom](): string {
    return `ConfiguredKey(${this.toString()})`;
  }
}

/**
 * Decodes a master key written as text: base64 (44 characters, `openssl rand -base64 32`; the
 * URL-safe alphabet too) or hex (64 characters, `openssl rand -hex 32`). Surrounding whitespace is
 * ignored. Returns the bytes, or why the text is no key, in words that never quote it (a secret).
 */
export function decodeKeyText(text: string): { bytes: Buffer } | { reason: string } {
  const trimmed = text.trim();
  // 44 characters is base64's length for 32 bytes, even when every one is a hex digit.
  if (/^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length % 2 === 0 && trimmed.length !== 44) {
    return sized(Buffer.from(trimmed, 'hex'), 'hex');
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    return sized(Buffer.from(trimmed, 'base64'), 'base64');
  }
  return { reason: `got ${trimmed.length} characters that are neither base64 nor hex` };
}

function sized(bytes: Buffer, encoding: string): { bytes: Buffer } | { reason: string } {
  if (bytes.length === MASTER_KEY_SIZE) return { bytes };
  return { reason: `got ${encoding} of ${bytes.length} bytes` };
}
