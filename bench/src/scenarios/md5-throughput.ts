import { createHash, randomBytes } from 'node:crypto';

/**
 * MB/s of node:crypto MD5 on one core, hashing `totalBytes` in 256 KiB chunks (the chunk size
 * of the streamed bodies). An S3 PUT must produce an MD5 ETag, so this bounds any single-stream
 * PUT in this runtime, whatever the disk does.
 */
export function md5Throughput(totalBytes: number): number {
  const chunk = randomBytes(256 * 1024);
  const hash = createHash('md5');
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < totalBytes; done += chunk.length) hash.update(chunk);
  hash.digest();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return totalBytes / 2 ** 20 / seconds;
}
