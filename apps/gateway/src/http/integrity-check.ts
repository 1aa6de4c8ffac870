import { createHash } from 'node:crypto';
import { S3Error } from '@strata/s3-xml';
import { CHECKSUM_ALGORITHMS } from '@strata/sigv4-verify';

/**
 * `x-amz-checksum-<name>` headers that name no checksum of the body: the checksum settings of
 * CreateMultipartUpload and of a GetObject response.
 */
const NOT_CHECKSUMS = new Set([
  'x-amz-checksum-algorithm',
  'x-amz-checksum-type',
  'x-amz-checksum-mode',
]);

/**
 * Checksums of AWS's newer algorithms that the body decoder (`@strata/sigv4-verify`) does not
 * compute, and that node:crypto does: checked here, on the buffered body of a small request.
 */
const DIGESTS = { md5: 'md5', sha512: 'sha512' } as const;

/** Byte length of each {@link DIGESTS} digest, to tell a malformed value from a wrong one. */
const DIGEST_BYTES = { md5: 16, sha512: 64 } as const;

/** The decoder's algorithms as header suffixes (`crc32`, `crc64nvme`…): verified while streaming. */
const DECODED = new Set(CHECKSUM_ALGORITHMS.map((a) => a.toLowerCase()));

/**
 * For a request S3 accepts only with an integrity check (DeleteObjects): makes sure the check
 * the client sent is one that will be verified, before a byte of the body is read. A verified
 * check is `Content-MD5`, an `x-amz-checksum-*` header of an algorithm the body decoder
 * computes (or announced as a trailer), or one {@link verifyBodyDigests} computes (MD5, SHA512).
 * A header of another algorithm S3 knows (the XXHASH family) would otherwise pass for a check
 * while nothing verifies it, so that a corrupted body is acted on.
 *
 * @throws S3Error `NotImplemented` for a checksum algorithm this gateway cannot compute;
 *   `InvalidRequest` when no integrity check was sent, as S3 answers.
 */
export function requireIntegrityCheck(headers: Headers): void {
  let checked = headers.has('content-md5') || headers.has('x-amz-sdk-checksum-algorithm');
  for (const name of headers.keys()) {
    if (!name.startsWith('x-amz-checksum-') || NOT_CHECKSUMS.has(name)) continue;
    const algorithm = name.slice('x-amz-checksum-'.length);
    if (!DECODED.has(algorithm) && !Object.hasOwn(DIGESTS, algorithm)) {
      throw new S3Error('NotImplemented', {
        message: `The ${name} checksum is not supported; use Content-MD5 or x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1, -sha256, -md5 or -sha512.`,
      });
    }
    checked = true;
  }
  // The decoder refuses a trailer it cannot verify (InvalidRequest) before reading the body.
  if ((headers.get('x-amz-trailer') ?? '').trim().startsWith('x-amz-checksum-')) checked = true;
  if (!checked) {
    throw new S3Error('InvalidRequest', {
      message: 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*',
    });
  }
}

/**
 * Verifies the `x-amz-checksum-md5` / `x-amz-checksum-sha512` headers of a small, already
 * buffered request body (the algorithms the streaming decoder does not compute).
 *
 * @throws S3Error `InvalidRequest` for a value that is not the base64 of a digest of the right
 *   size; `BadDigest` when it does not match the body.
 */
export function verifyBodyDigests(headers: Headers, body: Buffer): void {
  for (const [suffix, hash] of Object.entries(DIGESTS) as [keyof typeof DIGESTS, string][]) {
    const name = `x-amz-checksum-${suffix}`;
    const claimed = headers.get(name)?.trim();
    if (claimed === undefined) continue;
    const bytes = Buffer.from(claimed, 'base64');
    if (bytes.length !== DIGEST_BYTES[suffix] || bytes.toString('base64') !== claimed) {
      throw new S3Error('InvalidRequest', { message: `Value for ${name} header is invalid.` });
    }
    if (createHash(hash).update(body).digest('base64') !== claimed) {
      throw new S3Error('BadDigest', {
        message: `The ${suffix.toUpperCase()} you specified did not match the calculated checksum.`,
      });
    }
  }
}
