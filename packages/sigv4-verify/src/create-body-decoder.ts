import { createHash, type Hash } from 'node:crypto';
import type { Transform } from 'node:stream';
import type { AuthResult, SigningContext } from './auth-result.js';
import { createChecksum, type Checksum, type ChecksumAlgorithm } from '@strata/checksums';
import { AwsChunkedParser, type AwsChunkedEvents } from './internal/aws-chunked-parser.js';
import { ChunkSignatureChain } from './internal/chunk-signature-chain.js';
import { EMPTY_SHA256, sha256Hex } from './internal/crypto.js';
import { parseExpectedChecksums, type ExpectedChecksums } from './internal/expected-checksums.js';
import { headerValue } from './internal/header-value.js';
import { TrailerCollector } from './internal/trailer-collector.js';
import { createVerifyingTransform } from './internal/verifying-transform.js';
import { isStreamingPayload } from './payload-mode.js';
import { SigV4Error } from './sigv4-error.js';
import type { HeaderMap } from './verifiable-request.js';

/** Options of {@link createBodyDecoder}. */
export interface BodyDecoderOptions {
  /**
   * The verified request (`payload` and `signing` are used; `signing` only for the signed
   * `aws-chunked` modes, which never occur with a SigV2 result).
   */
  auth: Pick<AuthResult, 'payload' | 'signing'>;
  /**
   * The request headers: `x-amz-decoded-content-length`, `x-amz-trailer`, `x-amz-checksum-*`,
   * `x-amz-sdk-checksum-algorithm` are read.
   */
  headers: HeaderMap;
  /** More algorithms to compute (not verify) and report from `checksums()`, e.g. `['CRC64NVME']`. */
  computeChecksums?: readonly ChecksumAlgorithm[];
}

/** A streaming request-body decoder and verifier. */
export interface BodyDecoder {
  /** Pipe the raw request body into this; read the decoded payload from it. Errors with SigV4Error. */
  readonly stream: Transform;
  /**
   * After the stream ended: checksums that were computed (and, when the client sent one,
   * verified), upper-case algorithm name → base64, e.g. `{ CRC32: 'AAAAAA==' }`.
   */
  checksums(): Record<string, string>;
  /** Decoded byte count so far. */
  readonly bytes: number;
}

/**
 * Create the Transform that turns a raw request body into the object payload while verifying
 * it: `aws-chunked` framing and chunk/trailer signatures, `x-amz-decoded-content-length`, the
 * `x-amz-content-sha256` digest and `x-amz-checksum-*` values (header or trailer). Memory is
 * constant: data is hashed and passed on as it arrives, never collected.
 *
 * Data reaches the readable side before the end of its chunk (or of the body) is verified, so a
 * consumer must treat the payload as untrusted until the stream finishes without error: with
 * `stream/promises.pipeline` an error rejects the pipeline and nothing must be committed.
 *
 * @throws {SigV4Error} synchronously, `InvalidRequest`/`InvalidArgument` for inconsistent
 *   checksum or length headers; through the stream, `IncompleteBody`,
 *   `SignatureDoesNotMatch`, `XAmzContentSHA256Mismatch`, `BadDigest`, `MalformedTrailerError`.
 *
 * @example
 * ```ts
 * const decoder = createBodyDecoder({ auth, headers: req.headersDistinct });
 * await pipeline(req, decoder.stream, createWriteStream(file));
 * decoder.checksums(); // { CRC32: '…' }
 * ```
 */
export function createBodyDecoder(options: BodyDecoderOptions): BodyDecoder {
  const { auth, headers } = options;
  const mode = auth.payload;
  const expected = parseExpectedChecksums(headers, mode);
  const decodedLength = isStreamingPayload(mode) ? parseDecodedLength(headers) : undefined;
  const algorithms = new Set<ChecksumAlgorithm>([
    ...expected.trailers,
    ...(options.computeChecksums ?? []),
  ]);
  if (expected.header !== undefined) algorithms.add(expected.header.algorithm);
  const sums = [...algorithms].map((a) => createChecksum(a));
  const sha256 = mode.kind === 'sha256' ? createHash('sha256') : undefined;
  let bytes = 0;
  let results: Record<string, string> = {};

  const onData = (data: Buffer, push: (b: Buffer) => void): void => {
    bytes += data.length;
    if (decodedLength !== undefined && bytes > decodedLength) throw lengthMismatch();
    for (const sum of sums) sum.update(data);
    sha256?.update(data);
    push(data);
  };
  const finish = (trailerValues: Map<ChecksumAlgorithm, string>): void => {
    if (decodedLength !== undefined && bytes !== decodedLength) throw lengthMismatch();
    if (sha256 !== undefined && mode.kind === 'sha256') checkSha256(sha256, mode.hex);
    results = verifyChecksums(sums, expected, trailerValues);
  };

  const stream = isStreamingPayload(mode)
    ? createChunkedTransform(auth, expected, onData, finish)
    : createVerifyingTransform(onData, () => finish(new Map()));

  return {
    stream,
    checksums: () => ({ ...results }),
    get bytes() {
      return bytes;
    },
  };
}

function createChunkedTransform(
  auth: BodyDecoderOptions['auth'],
  expected: ExpectedChecksums,
  onData: (data: Buffer, push: (b: Buffer) => void) => void,
  finish: (trailers: Map<ChecksumAlgorithm, string>) => void,
): Transform {
  const chain =
    auth.payload.kind === 'streaming-unsigned-trailer'
      ? undefined
      : new ChunkSignatureChain(requireSigning(auth));
  const trailers = new TrailerCollector(
    expected.trailers,
    auth.payload.kind === 'streaming-signed-trailer',
  );
  let chunkHash: Hash | undefined;
  let chunkDigest: string | undefined;
  let chunkSize = 0;
  let chunkSignature: string | undefined;
  let push: (b: Buffer) => void = () => undefined;
  const events: AwsChunkedEvents = {
    chunkStart(size, signature) {
      chunkSignature = signature;
      chunkSize = size;
      chunkHash = undefined;
      chunkDigest = undefined;
    },
    data(data) {
      if (chain !== undefined) {
        // A chunk that arrives in one piece (a client writes each frame whole) is hashed in one
        // shot, which saves building a Hash object per chunk; a split one is hashed as it comes.
        if (chunkHash === undefined && data.length === chunkSize) chunkDigest = sha256Hex(data);
        else (chunkHash ??= createHash('sha256')).update(data);
      }
      onData(data, push);
    },
    chunkEnd: () =>
      chain?.verifyChunk(chunkDigest ?? chunkHash?.digest('hex') ?? EMPTY_SHA256, chunkSignature),
    trailer: (name, value) => trailers.add(name, value),
    end() {
      trailers.verify(chain);
      finish(trailers.values);
    },
  };
  const parser = new AwsChunkedParser(events, auth.payload.kind !== 'streaming-signed');
  return createVerifyingTransform(
    (chunk, pushData) => {
      push = pushData;
      parser.write(chunk);
    },
    () => parser.finish(),
  );
}

function parseDecodedLength(headers: HeaderMap): number | undefined {
  const value = headerValue(headers, 'x-amz-decoded-content-length')?.trim();
  if (value === undefined) return undefined;
  if (!/^\d{1,16}$/.test(value)) {
    throw new SigV4Error('InvalidArgument', 'x-amz-decoded-content-length is not a valid length.', {
      ArgumentName: 'x-amz-decoded-content-length',
      ArgumentValue: value,
    });
  }
  return Number(value);
}

function lengthMismatch(): SigV4Error {
  return new SigV4Error(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header.',
  );
}

function checkSha256(hash: Hash, claimed: string): void {
  const computed = hash.digest('hex');
  if (computed !== claimed) {
    throw new SigV4Error(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      {
        ClientComputedContentSHA256: claimed,
        S3ComputedContentSHA256: computed,
      },
    );
  }
}

function verifyChecksums(
  sums: readonly Checksum[],
  expected: ExpectedChecksums,
  trailerValues: ReadonlyMap<ChecksumAlgorithm, string>,
): Record<string, string> {
  const results: Record<string, string> = {};
  for (const sum of sums) {
    const computed = sum.digest();
    const claimed =
      expected.header?.algorithm === sum.algorithm
        ? expected.header.value
        : trailerValues.get(sum.algorithm);
    if (claimed !== undefined && claimed !== computed) {
      throw new SigV4Error(
        'BadDigest',
        `The ${sum.algorithm} you specified did not match the calculated checksum.`,
      );
    }
    results[sum.algorithm] = computed;
  }
  return results;
}

/** Signed chunks chain from a SigV4 seed signature; a result without one cannot carry them. */
function requireSigning(auth: BodyDecoderOptions['auth']): SigningContext {
  if (auth.signing === undefined) {
    throw new SigV4Error(
      'InvalidRequest',
      'Signed aws-chunked payloads require a request signed with AWS4-HMAC-SHA256.',
    );
  }
  return auth.signing;
}
