import { createHash } from 'node:crypto';
import type { ListedObjectEntry } from '@strata/s3-client';
import type { SyncCompareMode, SyncReason } from '../sync-options.js';
import { chooseUploadPartSize } from '../part-size.js';
import { isMd5Etag, md5File, md5Range } from './md5-etag.js';
import type { LocalFile } from './walk-directory.js';

const MiB = 1024 * 1024;
const MULTIPART_ETAG = /^([0-9a-f]{32})-(\d+)$/;

/** The multipart ETag of a file uploaded in parts of `partSize`. */
async function multipartEtag(path: string, size: number, partSize: number): Promise<string> {
  const digests: Buffer[] = [];
  for (let start = 0; start < size; start += partSize) {
    digests.push(await md5Range(path, start, Math.min(partSize, size - start)));
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
async function etagMatches(
  local: LocalFile,
  etag: string | undefined,
  concurrency: number,
): Promise<boolean | undefined> {
  if (isMd5Etag(etag)) return (await md5File(local.path)) === etag;
  const match = MULTIPART_ETAG.exec(etag ?? '');
  if (match === null) return undefined;
  const candidates = candidatePartSizes(local.size, Number(match[2]), concurrency);
  if (candidates.length === 0) return undefined;
  for (const partSize of candidates) {
    if ((await multipartEtag(local.path, local.size, partSize)) === etag) return true;
  }
  return false;
}

/**
 * Why the source side of `local` and `remote` must be transferred, or undefined when both
 * sides are the same.
 * `direction` says which side is the source (its being newer is a difference).
 */
export async function differs(
  local: LocalFile,
  remote: ListedObjectEntry,
  direction: 'up' | 'down',
  mode: SyncCompareMode,
  concurrency: number,
): Promise<SyncReason | undefined> {
  if (local.size !== remote.size) return 'size';
  if (mode === 'checksum') {
    const same = await etagMatches(local, remote.etag, concurrency);
    if (same !== undefined) return same ? undefined : 'checksum';
  }
  // Whole seconds: S3's LastModified has none finer, and a download sets the file's mtime to it.
  const localSeconds = Math.floor(local.mtimeMs / 1000);
  const remoteSeconds = Math.floor((remote.lastModified?.getTime() ?? 0) / 1000);
  const newer = direction === 'up' ? localSeconds > remoteSeconds : remoteSeconds > localSeconds;
  return newer ? 'mtime' : undefined;
}

/**
 * Why the `source` object must be copied over `target` (`syncS3`), or undefined when both are
 * the same: sizes differ; with `checksum`, the ETags say (equal: the same; two single-part MD5s
 * that differ: `checksum`; else they cannot tell: a multipart ETag depends on the part size);
 * otherwise the source is newer, to the second.
 */
export function objectsDiffer(
  source: ListedObjectEntry,
  target: ListedObjectEntry,
  mode: SyncCompareMode,
): SyncReason | undefined {
  if (source.size !== target.size) return 'size';
  if (mode === 'checksum' && source.etag !== undefined && source.etag === target.etag) {
    return undefined;
  }
  if (mode === 'checksum' && isMd5Etag(source.etag) && isMd5Etag(target.etag)) return 'checksum';
  const sourceSeconds = Math.floor((source.lastModified?.getTime() ?? 0) / 1000);
  const targetSeconds = Math.floor((target.lastModified?.getTime() ?? 0) / 1000);
  return sourceSeconds > targetSeconds ? 'mtime' : undefined;
}
