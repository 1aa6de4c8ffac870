import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DEFAULT_CHUNK_SIZE,
  FRAME_OVERHEAD,
  HEADER_SIZE,
  decodeSegmentHeader,
  decryptSegments,
  encryptSegment,
  isEnvelopeError,
  planRange,
} from '@strata/envelope';
import { MiB } from '../scenarios/scenario.js';
import {
  rawDecrypt,
  strataDecrypt,
  type EnvelopeKeys,
  type PreparedBlob,
} from './envelope-cases.js';
import { bytesAt, piecesOf, type Piece } from './envelope-pieces.js';

/**
 * The bench's self-checks, run untimed before the samples (they double as the warm-up), so a
 * broken implementation cannot post a number: both decryptions of the prepared blob reproduce
 * its plaintext's SHA-256; the sampled plaintext survives `encryptSegment` → `decryptSegments`
 * (SHA-256 again); one flipped ciphertext byte is refused (`EENVELOPE_AUTH`), so skipping the
 * tags cannot win; a planned 1 MiB range at an unaligned offset decrypts to the right bytes.
 *
 * @throws Error naming the check that failed.
 */
export async function checkEnvelope(
  keys: EnvelopeKeys,
  source: Buffer,
  blob: PreparedBlob,
  samplePieces: readonly Piece[],
): Promise<void> {
  const strata = createHash('sha256');
  await strataDecrypt(keys, blob, strata);
  expectSame('strata decrypt SHA-256', strata.digest('hex'), blob.plainSha256);
  const raw = createHash('sha256');
  rawDecrypt(keys.dataKey, blob, raw);
  expectSame('raw decrypt SHA-256', raw.digest('hex'), blob.plainSha256);

  const sent = createHash('sha256');
  for (const piece of piecesOf(source, samplePieces)) sent.update(piece);
  const back = createHash('sha256');
  await pipeline(
    Readable.from(piecesOf(source, samplePieces)),
    encryptSegment(keys),
    decryptSegments({ identity: keys.identity, dataKey: () => keys.dataKey }),
    async (plain: AsyncIterable<Buffer>) => {
      for await (const b of plain) back.update(b);
    },
  );
  expectSame('encrypt → decrypt round trip SHA-256', back.digest('hex'), sent.digest('hex'));

  await expectTamperRefused(keys, blob);
  await expectRange(keys, source, blob);
}

/** A copy of the blob's header and first three frames, one byte of the second frame flipped. */
async function expectTamperRefused(keys: EnvelopeKeys, blob: PreparedBlob): Promise<void> {
  const frame = DEFAULT_CHUNK_SIZE + FRAME_OVERHEAD;
  const tampered = Buffer.from(blob.stored.subarray(0, HEADER_SIZE + 3 * frame));
  const at = HEADER_SIZE + frame + 100;
  tampered[at] = (tampered[at] ?? 0) ^ 0x01;
  const outcome = await pipeline(
    Readable.from([tampered]),
    decryptSegments({ identity: keys.identity, dataKey: () => keys.dataKey }),
    async (plain: AsyncIterable<Buffer>) => {
      for await (const b of plain) void b;
    },
  ).then(
    () => 'accepted',
    (error: unknown) => (isEnvelopeError(error) ? error.code : String(error)),
  );
  expectSame('a flipped ciphertext byte', outcome, 'EENVELOPE_AUTH');
}

/** 1 MiB from an unaligned offset, read as `planRange` says and decrypted from that frame. */
async function expectRange(keys: EnvelopeKeys, source: Buffer, blob: PreparedBlob): Promise<void> {
  const start = Math.floor(blob.plainSize / 3) + 4_321;
  const length = Math.min(MiB, blob.plainSize - start);
  const plan = planRange([blob.plainSize], DEFAULT_CHUNK_SIZE, start, start + length - 1);
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([blob.stored.subarray(plan.cipherStart, plan.cipherEnd + 1)]),
    decryptSegments({
      identity: keys.identity,
      dataKey: () => keys.dataKey,
      start: {
        header: decodeSegmentHeader(blob.stored.subarray(0, HEADER_SIZE)),
        chunkIndex: plan.chunkIndex,
      },
      skip: plan.skip,
      length: plan.length,
    }),
    async (plain: AsyncIterable<Buffer>) => {
      for await (const b of plain) out.push(b);
    },
  );
  const got = createHash('sha256');
  for (const b of out) got.update(b);
  const want = createHash('sha256').update(bytesAt(source, blob.plainPieces, start, length));
  expectSame(`planned range ${start}+${length}`, got.digest('hex'), want.digest('hex'));
}

function expectSame(what: string, got: string, expected: string): void {
  if (got !== expected) throw new Error(`${what}: got ${got}, expected ${expected}`);
}
