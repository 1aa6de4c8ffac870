import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPatternStream, PATTERN_BLOCK_SIZE, patternMd5 } from './pattern-stream.js';

async function md5Of(size: number, start: number): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createPatternStream(size, 64 * 1024 + 7, start)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

describe('patternMd5', () => {
  it('is the MD5 of what createPatternStream yields, across the block boundary', async () => {
    const size = 2 * PATTERN_BLOCK_SIZE + 12_345;
    expect(patternMd5(size)).toBe(await md5Of(size, 0));
    expect(patternMd5(size, 777)).toBe(await md5Of(size, 777));
    expect(patternMd5(size, 777)).not.toBe(patternMd5(size));
    expect(patternMd5(0)).toBe(createHash('md5').digest('hex'));
  });
});
