import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import type { AuthResult } from './auth-result.js';
import { createBodyDecoder } from './create-body-decoder.js';
import { SigV4Error } from './sigv4-error.js';
import {
  headerAuthMutations,
  presignedMutations,
  type Mutation,
} from './testing/one-byte-mutations.js';
import {
  bodyBytes,
  createRecordingClient,
  fromUrl,
  type SdkCommand,
  type SdkRequest,
} from './testing/sdk-recorder.js';
import { ACCESS_KEY, createRandom } from './testing/smithy-signer.js';
import { verifier as testVerifier } from './testing/verifier-fixtures.js';
import type { VerifiableRequest } from './verifiable-request.js';

// Oracle tests against the real AWS SDK for JavaScript v3: requests built and signed by
// @aws-sdk/client-s3 (latest) and @aws-sdk/s3-request-presigner, captured before they leave, must
// verify, their bodies must decode, and one changed byte in any signed part must be refused with
// the code AWS returns. Every request comes from a seed; a failure names it.

// Keys with reserved characters, `%`, `+`, Unicode, spaces and dot segments.
const FRAGMENTS = ['a', 'Z', '0', '-', '_', '.', '~', ' ', '+', '%', '&', '=', '?', '#', '!', "'"]
  .concat(['(', ')', '*', ',', ';', ':', '@', '$', 'é', '日本', '😀', '/', '..', '^', '[', ']'])
  .concat(['"', '<', '>', '%20', '{', '}', '|', '`']);
const CHECKSUMS: readonly (ChecksumAlgorithm | undefined)[] = [
  undefined,
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];
const RANGES = ['bytes=0-9', 'bytes=-500', 'bytes=100-', 'bytes=0-0'];
const METADATA_VALUES = ['blue', 'two  spaces', ' padded ', 'tab\there', 'a,b;c=d', '日本'];

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const text = (rand: Rand, min: number, max: number): string => {
  let s = '';
  for (let n = min + Math.floor(rand() * (max - min + 1)); n > 0; n--) s += pick(rand, FRAGMENTS);
  return s;
};
// S3 keys cannot be empty; one that is only dots and slashes is legal but not worth the SDK's
// path normalization surprises, so every key gets a letter.
const key = (rand: Rand): string => `k${text(rand, 0, 10)}`;

/**
 * A randomized operation, built from a seed: the command, a short label for failures, and the
 * object bytes of an upload (its body may be a stream, readable once).
 */
function randomCommand(seed: number): {
  label: string;
  command: SdkCommand;
  data?: Buffer;
} {
  const rand = createRandom(seed);
  const Bucket = pick(rand, ['bucket', 'my.bucket', 'b-1']);
  switch (seed % 5) {
    case 0: {
      const data = randomBytes(Math.floor(rand() * 3000));
      const Metadata: Record<string, string> = {};
      for (let i = Math.floor(rand() * 3); i > 0; i--) {
        Metadata[`m${i}-${pick(rand, ['note', 'owner', 'x'])}`] = pick(
          rand,
          METADATA_VALUES,
        ).replace(/[^\x20-\x7e\t]/g, 'u');
      }
      const ChecksumAlgorithm = pick(rand, CHECKSUMS);
      // A stream of unknown pieces is sent as aws-chunked with a checksum trailer; a Buffer as a
      // plain body with its SHA-256 signed.
      const Body = rand() < 0.5 ? data : Readable.from(split(data, rand));
      return {
        label: `PutObject ${data.length} B ${Body === data ? 'buffer' : 'stream'} ${ChecksumAlgorithm ?? 'default'}`,
        data,
        command: new PutObjectCommand({
          Bucket,
          Key: key(rand),
          Body,
          ContentLength: data.length,
          ContentType: pick(rand, [
            'text/plain; charset=utf-8',
            'application/octet-stream',
            'image/png',
          ]),
          Metadata,
          ...(ChecksumAlgorithm !== undefined ? { ChecksumAlgorithm } : {}),
        }),
      };
    }
    case 1:
      return {
        label: 'GetObject',
        command: new GetObjectCommand({
          Bucket,
          Key: key(rand),
          Range: pick(rand, RANGES),
          ...(rand() < 0.3 ? { VersionId: `v${Math.floor(rand() * 1e6)}` } : {}),
          ...(rand() < 0.3
            ? { ResponseContentDisposition: `attachment; filename="${text(rand, 1, 4)}"` }
            : {}),
        }),
      };
    case 2:
      return {
        label: 'ListObjectsV2',
        command: new ListObjectsV2Command({
          Bucket,
          Prefix: text(rand, 0, 8),
          ...(rand() < 0.7 ? { Delimiter: pick(rand, ['/', '|', ' ', '%', '+']) } : {}),
          ...(rand() < 0.3 ? { StartAfter: text(rand, 1, 5) } : {}),
          ...(rand() < 0.3 ? { ContinuationToken: 'AbC+/dEf==' } : {}),
          ...(rand() < 0.5 ? { MaxKeys: 1 + Math.floor(rand() * 1000) } : {}),
          ...(rand() < 0.3 ? { EncodingType: 'url' as const } : {}),
        }),
      };
    case 3:
      return {
        label: 'DeleteObjects',
        command: new DeleteObjectsCommand({
          Bucket,
          Delete: {
            Objects: Array.from({ length: 1 + Math.floor(rand() * 5) }, () => ({ Key: key(rand) })),
            Quiet: rand() < 0.5,
          },
        }),
      };
    default:
      return { label: 'HeadObject', command: new HeadObjectCommand({ Bucket, Key: key(rand) }) };
  }
}

function split(data: Buffer, rand: Rand): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length;) {
    const n = 1 + Math.floor(rand() * 1200);
    pieces.push(data.subarray(at, at + n));
    at += n;
  }
  return pieces;
}

const path = createRecordingClient('path');
const virtual = createRecordingClient('virtual');
function send(seed: number, command: SdkCommand): Promise<SdkRequest> {
  return (seed % 2 === 0 ? path : virtual).record(command);
}

// The SDK signs with the real clock; so does this verifier.
const v = testVerifier({ now: () => new Date() });

async function refusal(req: VerifiableRequest): Promise<string | undefined> {
  try {
    await v.verify(req);
    return undefined;
  } catch (err) {
    if (!SigV4Error.is(err)) throw err;
    return err.code;
  }
}

/** Which parts were changed, and which codes were expected, over a whole test. */
const coverage = { parts: new Set<string>(), codes: new Set<string | undefined>() };

async function expectMutationsRefused(seed: number, label: string, mutations: Mutation[]) {
  for (const m of mutations) {
    coverage.parts.add(m.part.replace(/ of .*$/, '').replace(/^(header x-amz-meta)-.*$/, '$1-*'));
    coverage.codes.add(m.expected);
  }
  const got: [number, string, string, string | undefined][] = [];
  const want: typeof got = [];
  for (const m of mutations) {
    got.push([seed, label, m.part, await refusal(m.request)]);
    want.push([seed, label, m.part, m.expected]);
  }
  expect(got).toEqual(want);
}

/** Decode the recorded body as a server would, with the checksums the SDK announced. */
async function decodeBody(auth: AuthResult, sdk: SdkRequest): Promise<Buffer> {
  const decoder = createBodyDecoder({ auth, headers: sdk.request.headers });
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([await bodyBytes(sdk.body)]),
    decoder.stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}

describe('createSigV4Verifier: oracle against the real @aws-sdk/client-s3', () => {
  it('verifies 150 randomized SDK requests, decodes their bodies, and refuses every one-byte change', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const { label, command, data } = randomCommand(seed);
      const sdk = await send(seed, command);
      const auth = await v.verify(sdk.request).catch((err: unknown) => {
        throw new Error(`seed ${seed} ${label}: ${JSON.stringify(sdk.request)} → ${String(err)}`);
      });
      expect(auth.accessKeyId).toBe(ACCESS_KEY);
      if (sdk.body !== undefined && sdk.body !== null) {
        const decoded = await decodeBody(auth, sdk);
        if (data !== undefined) expect([seed, decoded.equals(data)]).toEqual([seed, true]);
      }
      const mutations = headerAuthMutations(sdk.request, {
        now: Date.now(),
        accessKeyId: ACCESS_KEY,
        rand: createRandom(seed * 7919),
      });
      await expectMutationsRefused(seed, label, mutations);
    }
    // The mutation set reached every part the signature covers, unsigned ones too.
    for (const part of [
      'method',
      'path',
      'query name',
      'query value',
      'header host',
      'header x-amz-meta-*',
      'header content-type',
      'header range',
      'header x-amz-content-sha256',
      'header x-amz-date',
      'header x-amz-checksum-crc32',
      'header x-amz-decoded-content-length',
      'header user-agent',
      'signature',
      'access key id',
    ]) {
      expect(coverage.parts).toContain(part);
    }
    for (const code of [
      'SignatureDoesNotMatch',
      'InvalidAccessKeyId',
      'AccessDenied',
      'AuthorizationHeaderMalformed',
      undefined,
    ]) {
      expect(coverage.codes).toContain(code);
    }
  });

  it('verifies 100 randomized presigned URLs and refuses every one-byte change', async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rand = createRandom(seed + 10_000);
      const Bucket = pick(rand, ['bucket', 'my.bucket']);
      const Key = key(rand);
      const method = pick(rand, ['GET', 'PUT', 'HEAD'] as const);
      const command =
        method === 'GET'
          ? new GetObjectCommand({
              Bucket,
              Key,
              ...(rand() < 0.5 ? { ResponseContentType: 'text/plain; x="y z"' } : {}),
            })
          : method === 'PUT'
            ? new PutObjectCommand({ Bucket, Key })
            : new HeadObjectCommand({ Bucket, Key });
      const expiresIn = pick(rand, [1, 60, 900, 3600, 86_400, 604_800]);
      const recording = seed % 2 === 0 ? path : virtual;
      // The presigner is typed against its own copy of @smithy/types, which may be an older
      // release than the client's: the objects are the same at run time.
      const url = await getSignedUrl(
        recording.client as unknown as Parameters<typeof getSignedUrl>[0],
        command as unknown as Parameters<typeof getSignedUrl>[1],
        { expiresIn },
      );
      const req = fromUrl(method, url);
      const label = `presigned ${method} ${expiresIn}s`;
      const auth = await v.verify(req).catch((err: unknown) => {
        throw new Error(`seed ${seed} ${label}: ${url} → ${String(err)}`);
      });
      expect([auth.method, auth.accessKeyId]).toEqual(['presigned', ACCESS_KEY]);
      const mutations = presignedMutations(req, {
        now: Date.now(),
        accessKeyId: ACCESS_KEY,
        rand: createRandom(seed * 104_729),
      });
      await expectMutationsRefused(seed, label, mutations);
    }
    for (const code of ['AuthorizationQueryParametersError', 'AccessDenied', 'InvalidArgument']) {
      expect(coverage.codes).toContain(code);
    }
  });
});
