import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readParts } from './read-parts.js';

async function collect(body: Readable | Buffer, size: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const part of readParts(body, size)) out.push(part);
  return out;
}

describe('readParts', () => {
  it('cuts uneven chunks into exact parts and a shorter last one', async () => {
    const data = Buffer.from('abcdefghijklmnopqrstuvwxyz');
    const chunks = [data.subarray(0, 3), data.subarray(3, 17), data.subarray(17)];
    const parts = await collect(Readable.from(chunks), 10);
    expect(parts.map((p) => p.toString())).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  it('gives one empty part for an empty body', async () => {
    expect(await collect(Readable.from([]), 10)).toEqual([Buffer.alloc(0)]);
    expect(await collect(Buffer.alloc(0), 10)).toEqual([Buffer.alloc(0)]);
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
    const parts = readParts(body, 16);
    await parts.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBeLessThan(64);
    await parts.return();
  });
});
