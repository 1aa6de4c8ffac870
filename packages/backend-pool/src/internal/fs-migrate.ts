import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blobRelativePath, decodeBlobSegments } from './blob-path.js';
import { isMissing, syncDir } from './fs-io.js';
import type { FsLayout } from './fs-layout.js';
import { walk } from './fs-list.js';

/** The layout this driver writes (`blob-path.ts`): shards by a name's group. */
export const FS_LAYOUT_VERSION = 2;

/** The file at the root that records which layout `blobs/` is in. */
export const LAYOUT_FILE = 'layout';

/**
 * Moves a directory written in layout 1 (blobs sharded by their whole name) to layout 2
 * (sharded by their group), then records the version in `<root>/layout` so later opens skip
 * the walk. Each blob is renamed within the file system (no data is copied) and the walk never
 * loses one: a crash midway leaves every blob at its old or its new path, both of which reads
 * look at (`blobPaths`), and the next open finishes the move. It runs behind the backend's
 * calls (a large directory takes minutes: about 1,700 blobs a second with fsync here), which
 * find a blob at either path meanwhile. Two instances opening the same directory at once both
 * walk it; a blob the other moved first is skipped.
 *
 * Resolves with the number of blobs moved; rejects with `signal`'s reason when stopped.
 */
export async function migrateLayout(layout: FsLayout, signal?: AbortSignal): Promise<number> {
  const marker = join(layout.root, LAYOUT_FILE);
  try {
    if (Number((await readFile(marker, 'utf8')).trim()) >= FS_LAYOUT_VERSION) return 0;
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  let moved = 0;
  const touched = new Set<string>();
  for await (const segments of walk(layout.blobsDir, [], signal)) {
    const blob = decodeBlobSegments(segments.slice(2));
    if (blob === undefined) continue;
    const from = join(layout.blobsDir, ...segments);
    const to = join(layout.blobsDir, blobRelativePath(blob));
    if (from === to) continue;
    await mkdir(dirname(to), { recursive: true });
    try {
      await rename(from, to);
      moved++;
      touched.add(dirname(to));
    } catch (err) {
      // Moved by another instance opening the directory at the same time, or deleted.
      if (!isMissing(err)) throw err;
    }
  }
  // The renames are durable before the marker says the move is done.
  if (layout.fsync) for (const dir of touched) await syncDir(dir);
  // Stopped (the backend closed): the next open walks again.
  signal?.throwIfAborted();
  await writeMarker(layout, marker);
  return moved;
}

/**
 * Writes the layout file whole or not at all: a temp file beside it renamed over it (not in
 * `tmp/`, which a start-up sweep may empty while this runs).
 */
async function writeMarker(layout: FsLayout, marker: string): Promise<void> {
  const tmp = `${marker}.next`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(`${FS_LAYOUT_VERSION}\n`);
    if (layout.fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, marker);
  if (layout.fsync) await syncDir(layout.root);
}
