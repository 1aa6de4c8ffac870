import type { Readable } from 'node:stream';

/**
 * Cuts a body into parts of exactly `partSize` bytes (the last may be shorter; an empty body
 * is one empty part). A part is held in memory so that it can be retried: an upload holds at
 * most its concurrency plus one parts, whatever the object size. The generator reads only when
 * asked for the next part, so a slow network slows the source down (backpressure).
 */
export async function* readParts(
  body: Readable | Buffer,
  partSize: number,
): AsyncGenerator<Buffer, void, undefined> {
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) yield body;
    for (let at = 0; at < body.length; at += partSize) yield body.subarray(at, at + partSize);
    return;
  }
  let pending: Buffer[] = [];
  let size = 0;
  let yielded = 0;
  for await (const raw of body) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as string);
    while (size + chunk.length >= partSize) {
      const take = partSize - size;
      pending.push(chunk.subarray(0, take));
      chunk = chunk.subarray(take);
      yielded++;
      yield Buffer.concat(pending, partSize);
      pending = [];
      size = 0;
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      size += chunk.length;
    }
  }
  if (size > 0 || yielded === 0) yield Buffer.concat(pending, size);
}
