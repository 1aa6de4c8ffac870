import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import { createBodyVerifier, createSoakBody, type SoakBody } from './soak-body.js';

async function bytesOf(body: SoakBody): Promise<Buffer> {
  if (Buffer.isBuffer(body.body)) return body.body;
  const chunks: Buffer[] = [];
  for await (const chunk of body.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('createSoakBody + createBodyVerifier', () => {
  it.each([1024, 256 * 1024, 3 * 1024 * 1024 + 7])(
    'the fingerprint of a %i-byte body is what a GET of those bytes computes',
    async (size) => {
      const body = createSoakBody(size, createRandom(size));
      const bytes = await bytesOf(body);
      const verifier = createBodyVerifier();
      verifier.update(bytes.subarray(0, 100));
      verifier.update(bytes.subarray(100));
      expect(verifier.result()).toEqual({ size, crc: body.crc() });
    },
  );

  it('tells two PUTs of one size apart, and a single flipped byte', async () => {
    const random = createRandom(7);
    const a = await bytesOf(createSoakBody(4096, random));
    const b = await bytesOf(createSoakBody(4096, random));
    expect(a.equals(b)).toBe(false);
    const flipped = Buffer.from(a);
    flipped[2000] = (flipped[2000] ?? 0) ^ 1;
    const [va, vf] = [createBodyVerifier(), createBodyVerifier()];
    va.update(a);
    vf.update(flipped);
    expect(vf.result().crc).not.toBe(va.result().crc);
  });

  it('chains the CRC over multipart parts: the whole object fingerprint', async () => {
    const random = createRandom(3);
    const first = createSoakBody(5 * 1024 * 1024, random);
    const firstBytes = await bytesOf(first);
    const second = createSoakBody(1234, random, first.crc());
    const verifier = createBodyVerifier();
    verifier.update(firstBytes);
    verifier.update(await bytesOf(second));
    expect(verifier.result().crc).toBe(second.crc());
  });

  it('refuses a fingerprint of a streamed body that was not read to its end', () => {
    const body = createSoakBody(2 * 1024 * 1024, createRandom(1));
    expect(() => body.crc()).toThrow(/read 0 of 2097152 bytes/);
    (body.body as Readable).destroy();
  });
});
