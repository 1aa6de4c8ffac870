import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { HashingStream } from './hashing-stream.js';

const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

describe('HashingStream', () => {
  it('passes bytes through and computes MD5 and count', async () => {
    const hasher = new HashingStream({ expectedLength: 11 });
    await pipeline(Readable.from([Buffer.from('hello '), Buffer.from('world')]), hasher, sink());
    expect(hasher.bytes).toBe(11);
    expect(hasher.digest().toString('hex')).toBe(
      createHash('md5').update('hello world').digest('hex'),
    );
  });

  it('fails with EntityTooLarge past the cap, while streaming', async () => {
    const hasher = new HashingStream({ maxLength: 8 });
    await expect(
      pipeline(Readable.from([Buffer.alloc(5), Buffer.alloc(5), Buffer.alloc(5)]), hasher, sink()),
    ).rejects.toMatchObject({ code: 'EntityTooLarge', extra: { MaxSizeAllowed: '8' } });
    expect(hasher.failure).toMatchObject({ code: 'EntityTooLarge' });
  });

  it('fails with IncompleteBody when short of the declared length', async () => {
    const hasher = new HashingStream({ expectedLength: 10 });
    await expect(pipeline(Readable.from([Buffer.alloc(4)]), hasher, sink())).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    expect(() => hasher.digest()).toThrow();
  });

  it('fails with BadDigest when the body does not match the expected MD5', async () => {
    const hasher = new HashingStream({ expectedMd5: createHash('md5').update('other').digest() });
    await expect(
      pipeline(Readable.from([Buffer.from('body')]), hasher, sink()),
    ).rejects.toMatchObject({
      code: 'BadDigest',
      extra: { CalculatedDigest: createHash('md5').update('body').digest('base64') },
    });
  });
});
