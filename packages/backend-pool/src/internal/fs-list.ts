import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendListOptions, BlobInfo } from '../object-backend.js';
import { GROUP_DELIMITER, compareUtf8, decodeBlobSegments, groupOf, shardOf } from './blob-path.js';
import { isMissing } from './fs-io.js';

/**
 * Lists the blobs under `blobsDir` whose names start with `prefix` (and, with a `delimiter`,
 * do not contain it after the prefix), in byte order.
 *
 * Names are hashed into shards by their group (`blob-path.ts`), so in general there is no way to
 * seek to a prefix: every shard is walked and the matches are collected and sorted in memory
 * (memory proportional to the number of matching blobs, not their sizes). With the delimiter
 * `@` and a prefix that has an `@`, every match shares the prefix's group, so only that group's
 * shard directory is read: a key's writes are found with one directory listing whatever the
 * backend holds.
 */
export async function listBlobs(
  blobsDir: string,
  prefix: string,
  options: BackendListOptions = {},
): Promise<BlobInfo[]> {
  const { signal } = options;
  const delimiter = options.delimiter === '' ? undefined : options.delimiter;
  const oneGroup = delimiter === GROUP_DELIMITER && prefix.includes(GROUP_DELIMITER);
  const from = oneGroup ? shardOf(groupOf(prefix)) : [];
  const matches: { blob: string; path: string }[] = [];
  for await (const segments of walk(blobsDir, from, signal)) {
    // The first two segments are the shard directories.
    const blob = decodeBlobSegments(segments.slice(2));
    if (
      blob !== undefined &&
      blob.startsWith(prefix) &&
      (delimiter === undefined || !blob.slice(prefix.length).includes(delimiter))
    ) {
      matches.push({ blob, path: join(blobsDir, ...segments) });
    }
  }
  matches.sort((a, b) => compareUtf8(a.blob, b.blob));
  const infos: BlobInfo[] = [];
  for (const { blob, path } of matches) {
    signal?.throwIfAborted();
    // Seen at its old and its new path while the layout move renamed it under the walk.
    if (infos.at(-1)?.blob === blob) continue;
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

/** Yields the path segments (relative to `dir`) of every regular file below `segments`. */
export async function* walk(
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
