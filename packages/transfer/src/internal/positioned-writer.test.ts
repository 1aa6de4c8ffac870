import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PositionedWriter, WRITE_BUFFER_SIZE } from './positioned-writer.js';

describe('PositionedWriter', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes two ranges of one file in parallel from uneven chunks, byte for byte', async () => {
    dir = await mkdtemp(join(tmpdir(), 'positioned-writer-'));
    const path = join(dir, 'f');
    const body = randomBytes(3 * WRITE_BUFFER_SIZE + 12_345);
    const half = Math.floor(body.length / 2);
    const file = await open(path, 'w');
    try {
      const writeRange = async (start: number, end: number) => {
        const writer = new PositionedWriter(file, start);
        // Chunks of every size from 0 up, as a socket delivers them, crossing the flush size.
        for (let at = start, n = 0; at < end; n = (n * 7 + 4099) % 70_001) {
          const chunk = body.subarray(at, Math.min(end, at + n));
          at += chunk.length;
          await writer.write(chunk);
        }
        await writer.flush();
        expect(writer.written).toBe(end - start);
      };
      await Promise.all([writeRange(0, half), writeRange(half, body.length)]);
    } finally {
      await file.close();
    }
    const got = await readFile(path);
    expect(got.length).toBe(body.length);
    expect(got.equals(body)).toBe(true);
  });
});
