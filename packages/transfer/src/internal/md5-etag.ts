import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const MD5_ETAG = /^[0-9a-f]{32}$/;

/**
 * Whether an ETag is the MD5 of the object: a single-part upload's ETag is, a multipart one
 * (`<md5-of-md5s>-<parts>`) is not. (Objects under SSE-KMS/SSE-C have opaque ETags that can
 * look like an MD5, hence `verifyEtag: false`.)
 */
export function isMd5Etag(etag: string | undefined): etag is string {
  return etag !== undefined && MD5_ETAG.test(etag);
}

/** The hex MD5 of a file, streamed. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** The MD5 digest of bytes `start`..`start + length - 1` of a file, streamed. */
export async function md5Range(path: string, start: number, length: number): Promise<Buffer> {
  const hash = createHash('md5');
  if (length > 0) {
    const end = start + length - 1;
    for await (const chunk of createReadStream(path, { start, end, highWaterMark: 1024 * 1024 })) {
      hash.update(chunk as Buffer);
    }
  }
  return hash.digest();
}
