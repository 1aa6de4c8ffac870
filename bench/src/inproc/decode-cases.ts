import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createBodyDecoder, type AuthResult, type SigV4Verifier } from '@strata/sigv4-verify';
import { MiB } from '../scenarios/scenario.js';
import {
  feed,
  plainBody,
  signedChunkedBody,
  unsignedTrailerBody,
  type EncodedBody,
} from './aws-chunked-bodies.js';
import { signRequest, type BenchKey } from './signed-requests.js';

type Verified = { readonly auth: AuthResult; readonly headers: Record<string, string> };

/** The chunk size of the decode cases: what the AWS SDKs use. */
export const CHUNK = 64 * 1024;

/** One body-decoding case: Strata's decoder and the bare primitive over the same bytes. */
export type DecodeCase = {
  readonly name: string;
  readonly decodedBytes: number;
  /** Decodes the whole body once through `createBodyDecoder`; checks bytes and checksums. */
  strata(): Promise<void>;
  /** The primitive the mode cannot avoid (SHA-256 or CRC32), over the same bytes in 64 KiB updates. */
  raw(): void;
};

/**
 * The three body modes measured: signed aws-chunked (chunk signature chain, SHA-256 per chunk),
 * unsigned aws-chunked with a CRC32 trailer (the AWS SDKs' default since 2025), and a plain body
 * with a hex `x-amz-content-sha256`. Each request is signed and verified for real first, so the
 * decoder gets the `AuthResult` a server would give it.
 */
export async function decodeCases(
  verifier: SigV4Verifier,
  key: BenchKey,
  totalBytes: number,
): Promise<DecodeCase[]> {
  const data = randomBytes(CHUNK);
  const chunks = Math.ceil(totalBytes / CHUNK);
  const decodedBytes = chunks * CHUNK;
  const verify = async (
    payloadHash: string,
    headers: Record<string, string>,
  ): Promise<Verified> => {
    const req = signRequest(
      { method: 'PUT', key: 'bench/body', payloadHash, headers },
      key,
      new Date(),
    );
    return { auth: await verifier.verify(req), headers: req.headers };
  };
  const chunked = { 'content-encoding': 'aws-chunked' };
  const length = { 'x-amz-decoded-content-length': String(decodedBytes) };

  const signed = await verify('STREAMING-AWS4-HMAC-SHA256-PAYLOAD', { ...chunked, ...length });
  const signing = signed.auth.signing;
  if (signing === undefined) throw new Error('a SigV4 result without a signing context');

  let crc = 0;
  for (let i = 0; i < chunks; i++) crc = crc32(data, crc);
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32BE(crc >>> 0);
  const crcB64 = crcBytes.toString('base64');
  const trailer = await verify('STREAMING-UNSIGNED-PAYLOAD-TRAILER', {
    ...chunked,
    ...length,
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'x-amz-sdk-checksum-algorithm': 'CRC32',
  });

  const whole = createHash('sha256');
  for (let i = 0; i < chunks; i++) whole.update(data);
  const plain = await verify(whole.digest('hex'), {});

  const sha256 = (): void => {
    const h = createHash('sha256');
    for (let i = 0; i < chunks; i++) h.update(data);
    h.digest();
  };
  const mib = decodedBytes / MiB;
  const decode =
    (what: Verified, body: () => EncodedBody, crcExpected?: string) => async (): Promise<void> => {
      const decoder = createBodyDecoder({ auth: what.auth, headers: what.headers });
      const out = await feed(decoder.stream, body());
      if (out !== decodedBytes) throw new Error(`decoded ${out} bytes of ${decodedBytes}`);
      const sum = decoder.checksums().CRC32;
      if (crcExpected !== undefined && sum !== crcExpected) {
        throw new Error(`CRC32 ${sum ?? 'missing'}, expected ${crcExpected}`);
      }
    };
  return [
    {
      name: `decode STREAMING-AWS4-HMAC-SHA256-PAYLOAD ${mib} MiB (raw: SHA-256)`,
      decodedBytes,
      strata: decode(signed, () => signedChunkedBody(data, chunks, signing)),
      raw: sha256,
    },
    {
      name: `decode STREAMING-UNSIGNED-PAYLOAD-TRAILER + CRC32 ${mib} MiB (raw: CRC32)`,
      decodedBytes,
      strata: decode(
        trailer,
        () => unsignedTrailerBody(data, chunks, { name: 'x-amz-checksum-crc32', value: crcB64 }),
        crcB64,
      ),
      raw: () => {
        let c = 0;
        for (let i = 0; i < chunks; i++) c = crc32(data, c);
      },
    },
    {
      name: `decode plain body, hex x-amz-content-sha256, ${mib} MiB (raw: SHA-256)`,
      decodedBytes,
      strata: decode(plain, () => plainBody(data, chunks)),
      raw: sha256,
    },
  ];
}
