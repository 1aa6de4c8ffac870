import type { Readable } from 'node:stream';

/**
 * Reads a small reply body (XML) as UTF-8, at most `maxBytes`. Past the cap it stops reading,
 * destroys the body (its socket is not reused) and returns `undefined`: an error body or a
 * listing should never be that big, and the caller falls back to the status.
 */
export async function readText(body: Readable, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads and drops a body so its socket can be reused. */
export async function drain(body: Readable): Promise<void> {
  for await (const _ of body) {
    // Discarded on purpose: only the end of the body matters.
  }
}
