// RFC 3986 unreserved characters stay literal in SigV4 canonical strings; every other byte is
// %XX with upper-case hex (AWS SigV4 "UriEncode").
const UNRESERVED = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') {
  UNRESERVED[c.charCodeAt(0)] = 1;
}
const HEX = '0123456789ABCDEF';

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * Percent-decode to raw bytes. Works on bytes rather than `decodeURIComponent` so invalid
 * UTF-8 or stray `%` signs survive a decode/encode round trip instead of throwing. A `+` stays a
 * literal `+`: AWS SDKs always send a space as `%20`.
 */
export function percentDecode(text: string): Buffer {
  const input = Buffer.from(text, 'utf8');
  if (!input.includes(0x25)) return input;
  const out = Buffer.allocUnsafe(input.length);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]!;
    if (byte === 0x25 && i + 2 < input.length) {
      const hi = hexValue(input[i + 1] ?? 0);
      const lo = hexValue(input[i + 2] ?? 0);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[o++] = byte;
  }
  return out.subarray(0, o);
}

/**
 * How far `text` is from its SigV4 `UriEncode` form, so the common cases skip the byte-wise
 * decode and re-encode: `0` plain unreserved characters (its own decoding and encoding); `1`
 * already encoded (unreserved characters and upper-case `%XX` of bytes that must be escaped),
 * every escape ASCII; `2` already encoded with escapes of non-ASCII bytes; `3` anything else.
 */
export function encodedForm(text: string): 0 | 1 | 2 | 3 {
  let form: 0 | 1 | 2 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && UNRESERVED[c] === 1) continue;
    if (c !== 0x25) return 3;
    const value = (upperHex(text.charCodeAt(i + 1)) << 4) | upperHex(text.charCodeAt(i + 2));
    if (value < 0 || UNRESERVED[value] === 1) return 3;
    if (value >= 0x80) form = 2;
    else if (form === 0) form = 1;
    i += 2;
  }
  return form;
}

/** The value of an upper-case hex digit, or a large negative number. */
function upperHex(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -256;
}

/** SigV4 `UriEncode` of raw bytes; `keepSlash` leaves `/` literal (for paths). */
export function uriEncode(bytes: Buffer, keepSlash = false): string {
  let out = '';
  for (const byte of bytes) {
    if (UNRESERVED[byte] === 1 || (keepSlash && byte === 0x2f)) out += String.fromCharCode(byte);
    else out += '%' + HEX[byte >> 4]! + HEX[byte & 15]!;
  }
  return out;
}
