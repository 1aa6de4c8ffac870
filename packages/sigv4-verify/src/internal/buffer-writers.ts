/** Node's per-encoding Buffer writers, which `buf.write(text, offset, encoding)` dispatches to. */
interface EncodingWriters {
  utf8Write(text: string, offset: number): number;
  hexWrite(text: string, offset: number): number;
}

// `buf.write` spends more on normalizing its arguments than on copying a few hundred bytes; the
// writers it calls have been on Buffer.prototype since Node 0.x but are undocumented, so they are
// used only if present.
const writers = Buffer.prototype as unknown as Partial<EncodingWriters>;
const direct = typeof writers.utf8Write === 'function' && typeof writers.hexWrite === 'function';

/** `buf.write(text, offset, 'utf8')`: the number of bytes written (truncated at the end of `buf`). */
export const writeUtf8: (buf: Buffer, text: string, offset: number) => number = direct
  ? (buf, text, offset) => (buf as unknown as EncodingWriters).utf8Write(text, offset)
  : (buf, text, offset) => buf.write(text, offset, 'utf8');

/** `buf.write(text, offset, 'hex')`: the number of bytes written. */
export const writeHex: (buf: Buffer, text: string, offset: number) => number = direct
  ? (buf, text, offset) => (buf as unknown as EncodingWriters).hexWrite(text, offset)
  : (buf, text, offset) => buf.write(text, offset, 'hex');
