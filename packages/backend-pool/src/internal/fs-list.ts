import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobInfo } from '../object-backend.js';
import { compareUtf8, decodeBlobSegments } from './blob-path.js';
import { isMissing } from './fs-io.js';

/**
 * Lists the blobs under `blobsDir` whose names start with `prefix`, in byte order.
 *
 * Names are hashed into shards, so there is no way to seek to a prefix: every shard is walked
 * and the matches are collected and sorted in memory. Memory is proportional to the number of
 * matching blobs (not to their sizes); fine for reconciliation of one backend directory, and the
 * metastore (not this walk) serves client listings.
 */
export async function listBlobs(
  blobsDir: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<BlobInfo[]> {
  const matches: { blob: string; path: string }[] = [];
  for await (const segments of walk(blobsDir, [], signal)) {
    // The first two segments are the shard directories.
    const blob = decodeBlobSegments(segments.slice(2));
    if (blob !== undefined && blob.startsWith(prefix)) {
      matches.push({ blob, path: join(blobsDir, ...segments) });
    }
  }
  matches.sort((a, b) => compareUtf8(a.blob, b.blob));
  const infos: BlobInfo[] = [];
  for (const { blob, path } of matches) {
    signal?.throwIfAborted();
    try {
      const st = await stat(path);
      infos.push({ blob, size: st.size, lastModified: st.mtime });
    } catch (err) {
      // Deleted between the walk and the stat: it is simply no longer there.
      if (!isMissing(err)) throw err;
    }
  }
  return infos;
}

/** Yields the path segments (relative to `dir`) of every regular file below it. */
async function* walk(
  dir: string,
  segments: readonly string[],
  signal: AbortSignal | undefined,
): AsyncGenerator<string[]> {
  let handle;
  try {
    handle = await opendir(join(dir, ...segments));
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  for await (const entry of handle) {
    signal?.throwIfAborted();
    if (entry.isDirectory()) yield* walk(dir, [...segments, entry.name], signal);
    else if (entry.isFile()) yield [...segments, entry.name];
  }
}
