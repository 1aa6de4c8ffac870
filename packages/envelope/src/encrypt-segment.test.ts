import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSegments } from './decrypt-segments.js';
import { EnvelopeError, MissingKeyError } from './envelope-error.js';
import { FRAME_OVERHEAD, HEADER_SIZE, encryptedBlobSize, encryptedSize } from './format.js';
import { Keyring } from './keyring.js';
import { decodeSegmentHeader } from './segment-header.js';
import { encryptBlob, runThrough, testKeyring } from './testing/segments.js';

const CHUNK = 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Decrypts a whole blob from its bytes alone, as recovery would. */
const recover = (keyring: ReturnType<typeof testKeyring>, identity: string, blob: Buffer) =>
  runThrough(decryptSegments({ identity, dataKey: (h) => keyring.unwrap(h.dataKey) }), blob);
const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
};

describe('encryptSegment / decryptSegments', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 77])(
    'round-trips %i bytes exactly; the stored size is encryptedSize',
    async (size) => {
      const keyring = testKeyring();
      const plaintext = randomBytes(size);
      const { blob } = await encryptBlob({
        keyring,
        identity: 'b/k@1',
        plaintexts: [plaintext],
        chunkSize: CHUNK,
      });
      expect(blob.length).toBe(encryptedSize(size, CHUNK));
      expect(sha(await recover(keyring, 'b/k@1', blob))).toBe(sha(plaintext));
    },
  );

  it('multipart: segments of parts read back as one object', async () => {
    const keyring = testKeyring();
    const parts = [
      randomBytes(3 * CHUNK),
      randomBytes(10),
      randomBytes(0),
      randomBytes(2 * CHUNK + 5),
    ];
    const { blob } = await encryptBlob({
      keyring,
      identity: 'b/mp@2',
      plaintexts: parts,
      chunkSize: CHUNK,
      partNumbers: [1, 2, 4, 9],
    });
    expect(blob.length).toBe(
      encryptedBlobSize(
        parts.map((p) => p.length),
        CHUNK,
      ),
    );
    expect(sha(await recover(keyring, 'b/mp@2', blob))).toBe(sha(Buffer.concat(parts)));
  });

  it('stores no plaintext: a marker repeated through the object is nowhere in the blob', async () => {
    const keyring = testKeyring();
    const marker = Buffer.from('STRATA-PLAINTEXT-MARKER-0123456789');
    const plaintext = Buffer.concat(Array.from({ length: 200 }, () => marker));
    const { blob } = await encryptBlob({
      keyring,
      identity: 'i',
      plaintexts: [plaintext],
      chunkSize: CHUNK,
    });
    expect(blob.includes(marker.subarray(0, 16))).toBe(false);
  });

  it('the header says how to read the blob alone: chunk size, part, key id', async () => {
    const keyring = testKeyring(2, 'k2');
    const { blob, headers } = await encryptBlob({
      keyring,
      identity: 'i',
      plaintexts: [randomBytes(10)],
      chunkSize: 4096,
    });
    const header = decodeSegmentHeader(blob.subarray(0, HEADER_SIZE));
    expect(header).toEqual(headers[0]);
    expect(header).toMatchObject({ chunkSize: 4096, partNumber: 0, dataKey: { keyId: 'k2' } });
  });

  describe('never wrong bytes', () => {
    const setup = async () => {
      const keyring = testKeyring();
      const plaintext = randomBytes(4 * CHUNK + 100);
      const { blob } = await encryptBlob({
        keyring,
        identity: 'b/k@1',
        plaintexts: [plaintext],
        chunkSize: CHUNK,
      });
      return { keyring, plaintext, blob };
    };
    const frameAt = (i: number) => HEADER_SIZE + i * (CHUNK + FRAME_OVERHEAD);

    it('one flipped byte anywhere in a frame fails authentication', async () => {
      const { keyring, blob } = await setup();
      for (const at of [frameAt(0) + 4, frameAt(2) + 500, blob.length - 1]) {
        const tampered = Buffer.from(blob);
        tampered[at]! ^= 0x01;
        const error = await failureOf(recover(keyring, 'b/k@1', tampered));
        expect(error).toBeInstanceOf(EnvelopeError);
        expect(error.code).toBe('EENVELOPE_AUTH');
      }
    });

    it('bytes passed on before a tampered chunk are only the authenticated ones', async () => {
      const { keyring, plaintext, blob } = await setup();
      const tampered = Buffer.from(blob);
      tampered[frameAt(2) + 10]! ^= 0x80;
      const received: Buffer[] = [];
      const decrypt = decryptSegments({
        identity: 'b/k@1',
        dataKey: (h) => keyring.unwrap(h.dataKey),
      });
      decrypt.on('data', (chunk: Buffer) => received.push(chunk));
      const error = await failureOf(runThrough(decrypt, tampered));
      expect(error.code).toBe('EENVELOPE_AUTH');
      const got = Buffer.concat(received);
      expect(got.length).toBeLessThanOrEqual(2 * CHUNK);
      expect(got.equals(plaintext.subarray(0, got.length))).toBe(true);
    });

    it('two chunks swapped fail authentication', async () => {
      const { keyring, blob } = await setup();
      const a = blob.subarray(frameAt(1), frameAt(2));
      const b = blob.subarray(frameAt(2), frameAt(3));
      const swapped = Buffer.concat([
        blob.subarray(0, frameAt(1)),
        b,
        a,
        blob.subarray(frameAt(3)),
      ]);
      expect((await failureOf(recover(keyring, 'b/k@1', swapped))).code).toBe('EENVELOPE_AUTH');
    });

    it('a blob cut at a frame boundary or inside one is truncated, never short', async () => {
      const { keyring, blob } = await setup();
      for (const cut of [frameAt(4), frameAt(2) + 33, HEADER_SIZE, 10]) {
        const error = await failureOf(recover(keyring, 'b/k@1', blob.subarray(0, cut)));
        expect(error.code, `cut at ${cut}`).toBe('EENVELOPE_TRUNCATED');
      }
    });

    it('a last flag set on an inner chunk (dropping the rest) fails authentication', async () => {
      const { keyring, blob } = await setup();
      const cut = Buffer.from(blob.subarray(0, frameAt(2)));
      cut[frameAt(1)]! |= 0x80;
      expect((await failureOf(recover(keyring, 'b/k@1', cut))).code).toBe('EENVELOPE_AUTH');
    });

    it("another object's blob, or this one under another identity, does not decrypt", async () => {
      const { keyring, blob } = await setup();
      expect((await failureOf(recover(keyring, 'b/other@1', blob))).code).toBe('EENVELOPE_AUTH');
      // Same identity, same master key, but another data key: the stored key is the other's.
      const other = await encryptBlob({
        keyring,
        identity: 'b/k@1',
        plaintexts: [randomBytes(5)],
        chunkSize: CHUNK,
      });
      const mixed = Buffer.concat([
        other.blob.subarray(0, HEADER_SIZE),
        blob.subarray(HEADER_SIZE),
      ]);
      expect((await failureOf(recover(keyring, 'b/k@1', mixed))).code).toBe('EENVELOPE_AUTH');
    });

    it('segments swapped with their headers are out of order', async () => {
      const keyring = testKeyring();
      const parts = [randomBytes(CHUNK), randomBytes(CHUNK)];
      const { blob } = await encryptBlob({
        keyring,
        identity: 'mp',
        plaintexts: parts,
        chunkSize: CHUNK,
      });
      const size = encryptedSize(CHUNK, CHUNK);
      const swapped = Buffer.concat([blob.subarray(size), blob.subarray(0, size)]);
      expect((await failureOf(recover(keyring, 'mp', swapped))).code).toBe('EENVELOPE_AUTH');
      // With the metastore's part list, a header that names another part fails too.
      const listed = decryptSegments({
        identity: 'mp',
        dataKey: (h) => keyring.unwrap(h.dataKey),
        partNumbers: [1, 3],
      });
      expect((await failureOf(runThrough(listed, blob))).code).toBe('EENVELOPE_AUTH');
    });

    it('a header relabelled to another key id does not unwrap', async () => {
      const keyring = testKeyring(2);
      const { blob } = await encryptBlob({
        keyring,
        identity: 'i',
        plaintexts: [randomBytes(3)],
        chunkSize: CHUNK,
      });
      const relabelled = Buffer.from(blob);
      relabelled.write('k2', 33, 'latin1');
      expect((await failureOf(recover(keyring, 'i', relabelled))).code).toBe('EENVELOPE_AUTH');
    });

    it('bytes that are not an envelope are a format error', async () => {
      const keyring = testKeyring();
      const error = await failureOf(recover(keyring, 'i', randomBytes(500)));
      expect(error.code).toBe('EENVELOPE_FORMAT');
    });
  });

  describe('keys', () => {
    it('a missing master key is named, never garbage', async () => {
      const writer = testKeyring(1, 'k1');
      const { blob } = await encryptBlob({
        keyring: writer,
        identity: 'i',
        plaintexts: [randomBytes(9)],
        chunkSize: CHUNK,
      });
      const reader = testKeyring(1, 'k1'); // the same id, another key: it does not authenticate
      expect((await failureOf(recover(reader, 'i', blob))).code).toBe('EENVELOPE_AUTH');
      const stripped = new Keyring({ keys: { other: randomBytes(32) }, current: 'other' });
      const error = await failureOf(recover(stripped, 'i', blob));
      expect(error).toBeInstanceOf(MissingKeyError);
      expect(error.message).toContain('"k1"');
    });
  });
});
