// Test support (excluded from the build): shared fixtures of the body decoder tests.
import { createHmac } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuthResult, SigningContext } from '../auth-result.js';
import { createChecksum, type ChecksumAlgorithm } from '@strata/checksums';
import { createBodyDecoder } from '../create-body-decoder.js';
import type { PayloadMode } from '../payload-mode.js';
import { SigV4Error } from '../sigv4-error.js';
import type { HeaderMap } from '../verifiable-request.js';

export function signingKey(secret: string, date: string): Buffer {
  let key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of ['us-east-1', 's3', 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return key;
}

export const DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const docSigning = (seedSignature: string): SigningContext => ({
  signingKey: signingKey(DOC_SECRET, '20130524'),
  scope: '20130524/us-east-1/s3/aws4_request',
  datetime: '20130524T000000Z',
  seedSignature,
});
export const testSigning: SigningContext = {
  signingKey: signingKey('test-secret', '20240501'),
  scope: '20240501/us-east-1/s3/aws4_request',
  datetime: '20240501T120000Z',
  seedSignature: 'c'.repeat(64),
};

export function auth(
  payload: PayloadMode,
  signing: SigningContext = testSigning,
): Pick<AuthResult, 'payload' | 'signing'> {
  return { payload, signing };
}

/** Run `pieces` through a decoder; resolve with the decoded bytes or reject with its error. */
export async function run(
  options: {
    payload: PayloadMode;
    headers?: HeaderMap;
    signing?: SigningContext;
    compute?: ChecksumAlgorithm[];
  },
  pieces: Iterable<Buffer>,
): Promise<{ data: Buffer; checksums: Record<string, string>; bytes: number }> {
  const decoder = createBodyDecoder({
    auth: auth(options.payload, options.signing),
    headers: options.headers ?? {},
    ...(options.compute ? { computeChecksums: options.compute } : {}),
  });
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(pieces, { objectMode: false }),
    decoder.stream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  return { data: Buffer.concat(out), checksums: decoder.checksums(), bytes: decoder.bytes };
}

export async function failure(promise: Promise<unknown>): Promise<SigV4Error> {
  try {
    await promise;
  } catch (err) {
    if (!SigV4Error.is(err)) throw err;
    return err;
  }
  throw new Error('expected the body to be rejected');
}

export function splitRandom(body: Buffer, rand: () => number, max = 700): Buffer[] {
  const pieces: Buffer[] = [];
  for (let pos = 0; pos < body.length;) {
    const n = 1 + Math.floor(rand() * max);
    pieces.push(body.subarray(pos, pos + n));
    pos += n;
  }
  return pieces;
}

export function bytewise(body: Buffer): Buffer[] {
  return Array.from({ length: body.length }, (_, i) => body.subarray(i, i + 1));
}

export const checksum = (algorithm: ChecksumAlgorithm, data: Buffer): string => {
  const sum = createChecksum(algorithm);
  sum.update(data);
  return sum.digest();
};
