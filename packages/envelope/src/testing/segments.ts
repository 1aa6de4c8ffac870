import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generateDataKey } from '../data-key.js';
import { encryptSegment } from '../encrypt-segment.js';
import { Keyring } from '../keyring.js';
import type { SegmentHeader } from '../segment-header.js';
import type { Transform } from 'node:stream';

/** A keyring of fresh random keys `k1`, `k2`, … with `k1` current. */
export function testKeyring(count = 1, current = 'k1'): Keyring {
  const keys: Record<string, Buffer> = {};
  for (let i = 1; i <= count; i++) keys[`k${i}`] = randomBytes(32);
  return new Keyring({ keys, current });
}

/** Runs `input` (as pieces of at most `pieceSize` bytes) through `transform`; its output, joined. */
export async function runThrough(
  transform: Transform,
  input: Buffer,
  pieceSize = 7_919,
): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < input.length; at += pieceSize) {
    pieces.push(input.subarray(at, at + pieceSize));
  }
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), transform, async (source) => {
    for await (const chunk of source) out.push(chunk as Buffer);
  });
  return Buffer.concat(out);
}

/** A blob of one segment per plaintext, encrypted under one data key. */
export async function encryptBlob(options: {
  keyring: Keyring;
  identity: string;
  plaintexts: readonly Buffer[];
  chunkSize: number;
  /** Part numbers of the segments; 0 for one plaintext, 1.. otherwise. */
  partNumbers?: readonly number[];
}): Promise<{ blob: Buffer; dataKey: Buffer; headers: SegmentHeader[] }> {
  const dataKey = generateDataKey();
  const wrappedKey = options.keyring.wrap(dataKey);
  const headers: SegmentHeader[] = [];
  const stored: Buffer[] = [];
  for (const [i, plaintext] of options.plaintexts.entries()) {
    const partNumber = options.partNumbers?.[i] ?? (options.plaintexts.length === 1 ? 0 : i + 1);
    const encryptor = encryptSegment({
      dataKey,
      wrappedKey,
      identity: options.identity,
      partNumber,
      chunkSize: options.chunkSize,
    });
    headers.push(encryptor.header);
    stored.push(await runThrough(encryptor, plaintext));
  }
  return { blob: Buffer.concat(stored), dataKey, headers };
}
