import { join, resolve } from 'node:path';
import { blobRelativePath, legacyBlobRelativePath } from './blob-path.js';

/**
 * The directories of an fs backend root:
 * - `blobs/` the stored blobs (see `blob-path.ts` for the name mapping);
 * - `tmp/` temp files being written (renamed into place when complete; swept after a crash);
 * - `uploads/<uploadId>/` multipart uploads in progress (`upload.json` + `part-<n>` files).
 * Temp files live on the same file system as their targets so `rename` is atomic.
 */
export interface FsLayout {
  readonly name: string;
  readonly root: string;
  readonly blobsDir: string;
  readonly tmpDir: string;
  readonly uploadsDir: string;
  readonly fsync: boolean;
}

/** Builds the layout of a backend rooted at `root`. */
export function createLayout(name: string, root: string, fsync: boolean): FsLayout {
  const abs = resolve(root);
  return {
    name,
    root: abs,
    blobsDir: join(abs, 'blobs'),
    tmpDir: join(abs, 'tmp'),
    uploadsDir: join(abs, 'uploads'),
    fsync,
  };
}

/** Absolute path of the file holding `blob`. */
export function blobPath(layout: FsLayout, blob: string): string {
  return join(layout.blobsDir, blobRelativePath(blob));
}

/**
 * Where `blob` may be, in the order to look: its path, then (when it differs) where layout 1
 * kept it, then its path again. A directory is moved to layout 2 behind the calls of a backend
 * that opens it (`migrateLayout`), and an instance of an earlier version sharing the directory
 * may still write a blob at its old place; reads and deletes find it there. The move only ever
 * goes from the old path to the new, so a blob missed at both because it moved between the
 * two looks is at its path on the third.
 */
export function* blobPaths(layout: FsLayout, blob: string): Generator<string, void, undefined> {
  const path = blobPath(layout, blob);
  yield path;
  // Worked out only after a miss: a blob that is where it belongs costs one hash, as before.
  const legacy = join(layout.blobsDir, legacyBlobRelativePath(blob));
  if (legacy === path) return;
  yield legacy;
  yield path;
}

/** Upload ids this driver issues: random base64url. Anything else is rejected before use. */
const UPLOAD_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** True when `uploadId` has the shape this driver issues (so it cannot escape `uploads/`). */
export function isUploadId(uploadId: string): boolean {
  return UPLOAD_ID.test(uploadId);
}

/** Absolute path of an upload's directory; callers check {@link isUploadId} first. */
export function uploadDir(layout: FsLayout, uploadId: string): string {
  return join(layout.uploadsDir, uploadId);
}
