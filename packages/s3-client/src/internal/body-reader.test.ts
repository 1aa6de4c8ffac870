import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { BodyReader } from './body-reader.js';

const alphabet = Buffer.from('abcdefghijklmnopqrstuvwxyz');
const uneven = (): Readable =>
  Readable.from([alphabet.subarray(0, 3), alphabet.subarray(3, 17), alphabet.subarray(17)]);

describe('BodyReader', () => {
  it('fills buffers across uneven chunks, then reports a short last part and the end', async () => {
    const reader = new BodyReader(uneven());
    const buffer = Buffer.alloc(10);
    const parts: string[] = [];
    for (;;) {
      const got = await reader.fill(buffer);
      if (got === 0) break;
      parts.push(buffer.toString('latin1', 0, got));
    }
    expect(parts).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    expect(reader.bytesRead).toBe(26);
    expect(await reader.ended()).toBe(true);
  });

  it('slices exact lengths, and checks the end before the last byte of a last slice', async () => {
    const exact = new BodyReader(uneven());
    expect(await text(exact.slice(20, false))).toBe('abcdefghijklmnopqrst');
    expect(await text(exact.slice(6, true))).toBe('uvwxyz');

    const longer = new BodyReader(uneven());
    await expect(text(longer.slice(25, true))).rejects.toThrow(/longer than its declared 25/);
    const shorter = new BodyReader(uneven());
    await expect(text(shorter.slice(30, false))).rejects.toThrow(/ended after 26 bytes/);
  });

  it('ended() looks ahead without losing the byte it read', async () => {
    const reader = new BodyReader(uneven());
    expect(await reader.ended()).toBe(false);
    const buffer = Buffer.alloc(26);
    expect(await reader.fill(buffer)).toBe(26);
    expect(buffer.equals(alphabet)).toBe(true);
  });

  it('reads no further than the part asked for (backpressure)', async () => {
    let produced = 0;
    const body = new Readable({
      highWaterMark: 4,
      read() {
        produced += 4;
        this.push(Buffer.alloc(4));
      },
    });
    const reader = new BodyReader(body);
    await reader.fill(Buffer.alloc(16));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBeLessThan(64);
    await reader.close();
    expect(body.destroyed).toBe(true);
  });
});
