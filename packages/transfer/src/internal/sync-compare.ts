import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { SyncCompareMode, SyncReason } from '../sync-options.js';
import { chooseUploadPartSize } from '../part-size.js';
import { isMd5Etag, md5File } from './md5-etag.js';

const MiB = 1024 * 1024;
const MULTIPART_ETAG = /^([0-9a-f]{32})-(\d+)$/;

/** The two sides of one path. */
export interface ComparedPair {
  path: string;
  localSize: number;
  localMtimeMs: number;
  remoteSize: number;
  remoteModified: Date | undefined;
  etag: string | undefined;
}

/** The multipart ETag of a file uploaded in parts of `partSize`. */
async function multipartEtag(path: string, size: number, partSize: number): Promise<string> {
  const digests: Buffer[] = [];
  for (let start = 0; start < size; start += partSize) {
    const hash = createHash('md5');
    const end = Math.min(size, start + partSize) - 1;
    for await (const chunk of createReadStream(path, { start, end, highWaterMark: MiB })) {
      hash.update(chunk as Buffer);
    }
    digests.push(hash.digest());
  }
  const parts = digests.length;
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${parts}`;
}

/**
 * Part sizes that could have made an upload of `size` bytes in `parts` parts: this engine's own
 * choice, the 8 MiB and 16 MiB defaults of common tools, and the smallest whole MiB. A multipart
 * ETag does not record its part size, so each plausible one is tried.
 */
function candidatePartSizes(size: number, parts: number, concurrency: number): number[] {
  const ours = chooseUploadPartSize(size, concurrency);
  const smallest = Math.ceil(size / parts / MiB) * MiB;
  const all = [ours, 8 * MiB, 16 * MiB, smallest];
  return [...new Set(all)].filter((p) => Math.ceil(size / p) === parts);
}

/** Whether the file's content matches the ETag, or undefined when the ETag cannot tell. */
async function etagMatches(pair: ComparedPair, concurrency: number): Promise<boolean | undefined> {
  if (isMd5Etag(pair.etag)) return (await md5File(pair.path)) === pair.etag;
  const match = MULTIPART_ETAG.exec(pair.etag ?? '');
  if (match === null) return undefined;
  const candidates = candidatePartSizes(pair.localSize, Number(match[2]), concurrency);
  if (candidates.length === 0) return undefined;
  for (const partSize of candidates) {
    if ((await multipartEtag(pair.path, pair.localSize, partSize)) === pair.etag) return true;
  }
  return false;
}

/**
 * Why the source side of `pair` must be transferred, or undefined when both sides are the same.
 * `direction` says which side is the source (its being newer is a difference).
 */
export async function differs(
  pair: ComparedPair,
  direction: 'up' | 'down',
  mode: SyncCompareMode,
  concurrency: number,
): Promise<SyncReason | undefined> {
  if (pair.localSize !== pair.remoteSize) return 'size';
  if (mode === 'checksum') {
    const same = await etagMatches(pair, concurrency);
    if (same !== undefined) return same ? undefined : 'checksum';
  }
  // Whole seconds: S3's LastModified has none finer, and a download sets the file's mtime to it.
  const local = Math.floor(pair.localMtimeMs / 1000);
  const remote = Math.floor((pair.remoteModified?.getTime() ?? 0) / 1000);
  const newer = direction === 'up' ? local > remote : remote > local;
  return newer ? 'mtime' : undefined;
}
