import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_CHUNK_SIZE, FRAME_OVERHEAD } from '@strata/envelope';
import { describe, expect, it } from 'vitest';
import {
  createEnvelopeKeys,
  prepareBlob,
  rawDecrypt,
  rawEncrypt,
  strataDecrypt,
  strataEncrypt,
} from './envelope-cases.js';
import { checkEnvelope } from './envelope-checks.js';
import { pieceLengths, scatteredPieces } from './envelope-pieces.js';
import { rangeReadCost } from './envelope-range.js';

const MiB = 2 ** 20;

describe('envelope bench cases', () => {
  it('pass the self-checks and count the plaintext both ways', async () => {
    const source = randomBytes(2 * MiB);
    const keys = createEnvelopeKeys();
    const blob = await prepareBlob(
      keys,
      source,
      scatteredPieces(pieceLengths(3 * MiB, 2), source.length, 2),
    );
    const sample = scatteredPieces(pieceLengths(5 * MiB + 7, 1), source.length, 1);
    await checkEnvelope(keys, source, blob, sample);

    expect(await strataEncrypt(keys, source, sample)).toBe(5 * MiB + 7);
    expect(rawEncrypt(keys.dataKey, source, sample)).toBe(5 * MiB + 7);
    const hash = createHash('sha256');
    expect(await strataDecrypt(keys, blob, hash)).toBe(3 * MiB);
    expect(hash.digest('hex')).toBe(blob.plainSha256);
    expect(rawDecrypt(keys.dataKey, blob)).toBe(3 * MiB);
  });

  it('refuse a blob with a flipped byte, so a timed sample cannot skip authentication', async () => {
    const source = randomBytes(2 * MiB);
    const keys = createEnvelopeKeys();
    const blob = await prepareBlob(
      keys,
      source,
      scatteredPieces(pieceLengths(MiB, 2), source.length, 2),
    );
    const last = blob.stored.length - 1;
    blob.stored[last] = (blob.stored[last] ?? 0) ^ 0x80;
    await expect(strataDecrypt(keys, blob)).rejects.toMatchObject({ code: 'EENVELOPE_AUTH' });
    blob.raw.tag[0] = (blob.raw.tag[0] ?? 0) ^ 0x80;
    expect(() => rawDecrypt(keys.dataKey, blob)).toThrow();
  });
});

describe('rangeReadCost', () => {
  it('fetches the 17 frames an unaligned 1 MiB range of a 1 GiB object touches, within the bound', () => {
    const r = rangeReadCost();
    expect(r.start % DEFAULT_CHUNK_SIZE).not.toBe(0);
    expect(r.stored).toBe(17 * (DEFAULT_CHUNK_SIZE + FRAME_OVERHEAD));
    expect(r.stored).toBeLessThanOrEqual(r.bound);
    expect(r.bound).toBe(MiB + 2 * DEFAULT_CHUNK_SIZE + 18 * FRAME_OVERHEAD);
  });
});
