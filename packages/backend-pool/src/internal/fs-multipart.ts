import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidPartError, UploadNotFoundError } from '../errors.js';
import type { BackendPart } from '../object-backend.js';
import { IO_CHUNK_BYTES, errnoCode, fileToken, isMissing, writeAtomically } from './fs-io.js';
import type { WrittenFile } from './fs-io.js';
import { blobPath, isUploadId, uploadDir } from './fs-layout.js';
import type { FsLayout } from './fs-layout.js';

/**
 * Part numbers this driver accepts: S3's range (UploadPart: "a positive integer between 1 and
 * 10,000"). A driver-level bound that keeps `part-<n>` file names sane; the S3 rule itself, with
 * its S3 error, is object-layer's `MAX_PART_NUMBER` (this package sits below object-layer and
 * cannot import it).
 */
const MAX_PART_NUMBER = 10_000;
const UPLOAD_META = 'upload.json';

const partFile = (dir: string, partNumber: number): string => join(dir, `part-${partNumber}`);

/** Creates `uploads/<id>/` with a small record of the blob it will become. */
export async function createUpload(layout: FsLayout, blob: string): Promise<string> {
  const uploadId = randomBytes(18).toString('base64url');
  const dir = uploadDir(layout, uploadId);
  await mkdir(dir, { recursive: true });
  const meta = JSON.stringify({ blob, createdAt: new Date().toISOString() });
  await writeAtomically(Readable.from([Buffer.from(meta)]), {
    ...layout,
    target: join(dir, UPLOAD_META),
    createParents: false,
  });
  return uploadId;
}

/** The directory of an existing upload of `blob`; UploadNotFoundError otherwise. */
async function openUpload(layout: FsLayout, blob: string, uploadId: string): Promise<string> {
  if (!isUploadId(uploadId)) throw new UploadNotFoundError(uploadId, { backend: layout.name });
  const dir = uploadDir(layout, uploadId);
  let meta: unknown;
  try {
    meta = JSON.parse(await readFile(join(dir, UPLOAD_META), 'utf8'));
  } catch (err) {
    if (isMissing(err)) throw new UploadNotFoundError(uploadId, { backend: layout.name });
    throw err;
  }
  // An upload id is only valid for the blob it was created for.
  if ((meta as { blob?: unknown }).blob !== blob) {
    throw new UploadNotFoundError(uploadId, { backend: layout.name });
  }
  return dir;
}

/** Streams one part to `part-<n>` (temp + rename, so a re-upload replaces it atomically). */
export async function writePart(
  layout: FsLayout,
  blob: string,
  uploadId: string,
  partNumber: number,
  body: Readable,
  signal: AbortSignal | undefined,
): Promise<WrittenFile> {
  let dir: string;
  try {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new RangeError(`part number must be an integer from 1 to ${MAX_PART_NUMBER}`);
    }
    dir = await openUpload(layout, blob, uploadId);
  } catch (err) {
    body.destroy();
    throw err;
  }
  try {
    // No createParents: an upload aborted meanwhile must not be resurrected by this part.
    const target = partFile(dir, partNumber);
    return await writeAtomically(body, { ...layout, target, createParents: false, signal });
  } catch (err) {
    if (isMissing(err)) throw new UploadNotFoundError(uploadId, { backend: layout.name });
    throw err;
  }
}

/**
 * Concatenates the listed parts, in order, into the blob; then removes the upload.
 *
 * @throws UploadNotFoundError when the upload is gone, or when the blob exists already (another
 *   completion of the same upload won); InvalidPartError for a missing or replaced part.
 */
export async function completeUpload(
  layout: FsLayout,
  blob: string,
  uploadId: string,
  parts: readonly BackendPart[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const dir = await openUpload(layout, blob, uploadId);
  // Check every part before writing a byte, so a bad list fails fast and cheaply.
  for (const part of parts) assertPart(layout, part, await statPart(dir, part));
  async function* concatenate(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      // Re-check on the open handle: a part re-uploaded since the check above is a new inode.
      const handle = await open(partFile(dir, part.partNumber), 'r');
      try {
        assertPart(layout, part, await handle.stat({ bigint: true }));
      } catch (err) {
        await handle.close();
        throw err;
      }
      yield* handle.createReadStream({ highWaterMark: IO_CHUNK_BYTES }) as AsyncIterable<Buffer>;
    }
  }
  try {
    await writeAtomically(concatenate, {
      ...layout,
      target: blobPath(layout, blob),
      createParents: true,
      exclusive: true,
      signal,
    });
  } catch (err) {
    // The blob exists: a concurrent completion of this very upload (a client's retry) published
    // it first. Replacing it could swap in other parts under a committed object's metadata, so
    // this one yields; the upload is completed, as far as this caller is concerned.
    if (errnoCode(err) === 'EEXIST') {
      throw new UploadNotFoundError(uploadId, { backend: layout.name, cause: err });
    }
    throw err;
  }
  await rm(dir, { recursive: true, force: true });
}

async function statPart(dir: string, part: BackendPart) {
  try {
    return await stat(partFile(dir, part.partNumber), { bigint: true });
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function assertPart(
  layout: FsLayout,
  part: BackendPart,
  st: { ino: bigint; size: bigint; mtimeNs: bigint } | undefined,
): void {
  if (st === undefined) {
    throw new InvalidPartError(part.partNumber, 'not uploaded', { backend: layout.name });
  }
  if (fileToken(st) !== part.token) {
    throw new InvalidPartError(part.partNumber, 'token does not match the stored part', {
      backend: layout.name,
    });
  }
}

/** Removes an upload and its parts; a missing (or malformed) upload id is already aborted. */
export async function removeUpload(layout: FsLayout, uploadId: string): Promise<void> {
  if (!isUploadId(uploadId)) return;
  await rm(uploadDir(layout, uploadId), { recursive: true, force: true });
}

/**
 * Removes uploads created more than `olderThanMs` ago that `isKnown` does not recognise (a crash
 * between creating an upload here and recording it in the metastore leaves one nobody can
 * reach). Resolves with the number removed.
 */
export async function sweepUploads(
  layout: FsLayout,
  olderThanMs: number,
  isKnown: (uploadId: string) => Promise<boolean>,
): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const uploadId of await readdir(layout.uploadsDir)) {
    if (!isUploadId(uploadId)) continue;
    const dir = uploadDir(layout, uploadId);
    // upload.json is written once at creation; a crash before that leaves only the directory.
    const created = (await statOrUndefined(join(dir, UPLOAD_META))) ?? (await statOrUndefined(dir));
    if (created === undefined || created.mtimeMs >= cutoff) continue;
    if (await isKnown(uploadId)) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}
