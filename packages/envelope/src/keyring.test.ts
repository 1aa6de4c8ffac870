import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDataKey } from './data-key.js';
import { decryptSegments } from './decrypt-segments.js';
import { MissingKeyError } from './envelope-error.js';
import { Keyring } from './keyring.js';
import { encryptBlob, runThrough } from './testing/segments.js';

describe('Keyring', () => {
  it('wraps with the current key and unwraps with the key named', () => {
    const keys = { old: randomBytes(32), new: randomBytes(32) };
    const before = new Keyring({ keys, current: 'old' });
    const dataKey = generateDataKey();
    const wrapped = before.wrap(dataKey);
    expect(wrapped.keyId).toBe('old');
    expect(wrapped.wrapped.includes(dataKey)).toBe(false);
    const after = new Keyring({ keys, current: 'new' });
    expect(after.unwrap(wrapped).equals(dataKey)).toBe(true);
    expect(after.isStale(wrapped)).toBe(true);
  });

  it('wraps with a named key when asked, and names a key it does not hold', () => {
    const keys = { a: randomBytes(32), b: randomBytes(32) };
    const keyring = new Keyring({ keys, current: 'a' });
    const dataKey = randomBytes(32);
    const wrapped = keyring.wrapWith('b', dataKey);
    expect(wrapped.keyId).toBe('b');
    expect(keyring.has('b')).toBe(true);
    expect(keyring.has('c')).toBe(false);
    expect(keyring.unwrap(wrapped).equals(dataKey)).toBe(true);
    expect(() => keyring.wrapWith('c', dataKey)).toThrow(MissingKeyError);
    expect(() => keyring.wrapWith('c', dataKey)).toThrow(/"c"/);
  });

  it('rotation: rewrap moves a data key to the current key; the data reads without the old key', async () => {
    const keys = { old: randomBytes(32), new: randomBytes(32) };
    const before = new Keyring({ keys, current: 'old' });
    const plaintext = randomBytes(5000);
    const { blob, headers } = await encryptBlob({
      keyring: before,
      identity: 'b/k@1',
      plaintexts: [plaintext],
      chunkSize: 1024,
    });
    // What a metastore keeps, rewrapped by the rotation command; the blob is not rewritten.
    const rotated = new Keyring({ keys, current: 'new' }).rewrap(headers[0]!.dataKey);
    expect(rotated.keyId).toBe('new');
    const retired = new Keyring({ keys: { new: keys.new }, current: 'new' });
    const dataKey = retired.unwrap(rotated);
    const read = await runThrough(
      decryptSegments({ identity: 'b/k@1', dataKey: () => dataKey }),
      blob,
    );
    expect(read.equals(plaintext)).toBe(true);
    // From the blob alone, the header still names the retired key: the error says which.
    expect(() => retired.unwrap(headers[0]!.dataKey)).toThrow(MissingKeyError);
    expect(() => retired.unwrap(headers[0]!.dataKey)).toThrow(/"old"/);
  });

  it('refuses malformed configuration, naming what is wrong', () => {
    expect(() => new Keyring({ keys: { k: randomBytes(16) }, current: 'k' })).toThrow(
      /master key "k" must be 32 bytes, got 16/,
    );
    expect(() => new Keyring({ keys: { 'bad id': randomBytes(32) }, current: 'bad id' })).toThrow(
      /key id "bad id"/,
    );
    expect(() => new Keyring({ keys: { a: randomBytes(32) }, current: 'b' })).toThrow(
      /current key "b" is not among/,
    );
  });
});
