import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * Mapping from arbitrary blob names to safe relative paths, and back.
 *
 * A blob name may contain anything an S3 key can (`/`, `..`, `%2F`, NUL-free unicode) and be
 * longer than a file name may be (NAME_MAX is 255 bytes on ext4/xfs). So the name is encoded
 * with base64url (only `A-Z a-z 0-9 - _`, reversible) and cut into segments of at most
 * {@link SEGMENT_CHARS} characters: all but the last are directories, the last is a file with
 * the {@link BLOB_SUFFIX}. The suffix keeps a file and a directory from ever wanting the same
 * path (a name whose encoding is exactly one segment long next to a longer name that starts
 * with it). Two hex shard levels keep directories small.
 *
 * The shard comes from the name's {@link groupOf group}: everything up to its last `@` (the whole
 * name when it has none). Blobs that agree up to their last `@` share one shard directory, so a
 * listing with the delimiter `@` reads one directory, not the tree: the object layer names every
 * write of a key `{bucket}/{key}@{writeId}…`, and finds a key's newest write (degraded reads)
 * with one such listing. Layout 1 sharded by the whole name ({@link legacyBlobRelativePath}).
 */

/** Characters per path segment; a multiple of 4 so each segment is whole base64 quanta. */
export const SEGMENT_CHARS = 200;
/** Suffix of the file that holds a blob's bytes (`.` is outside the base64url alphabet). */
export const BLOB_SUFFIX = '.blob';

/** The character that ends a blob name's {@link groupOf group}. */
export const GROUP_DELIMITER = '@';

/**
 * The part of `blob` its shard directory comes from: up to and including its last `@`, or the
 * whole name when it has none.
 */
export function groupOf(blob: string): string {
  const at = blob.lastIndexOf(GROUP_DELIMITER);
  return at < 0 ? blob : blob.slice(0, at + 1);
}

/** The two shard directories (`ab`, `cd`) of a group: the first two bytes of its sha256. */
export function shardOf(group: string): [string, string] {
  const digest = createHash('sha256').update(group, 'utf8').digest('hex');
  return [digest.slice(0, 2), digest.slice(2, 4)];
}

/** The path of `blob` relative to the blobs directory: `ab/cd/<seg>/…/<seg>.blob`. */
export function blobRelativePath(blob: string): string {
  return join(...shardOf(groupOf(blob)), ...encodedSegments(blob));
}

/**
 * Where layout 1 kept `blob` (sharded by the whole name): read as a fallback, and moved from by
 * the migration, while a directory holds blobs written before layout 2.
 */
export function legacyBlobRelativePath(blob: string): string {
  return join(...shardOf(blob), ...encodedSegments(blob));
}

/** The name's base64url cut into segments, the last one a file with the {@link BLOB_SUFFIX}. */
function encodedSegments(blob: string): string[] {
  const encoded = Buffer.from(blob, 'utf8').toString('base64url');
  const segments: string[] = [];
  for (let i = 0; i < encoded.length; i += SEGMENT_CHARS) {
    segments.push(encoded.slice(i, i + SEGMENT_CHARS));
  }
  const last = segments.pop() ?? '';
  segments.push(last + BLOB_SUFFIX);
  return segments;
}

/**
 * Decodes the segments below a shard directory back into the blob name; `undefined` when they
 * are not something {@link blobRelativePath} produces (a stray file dropped in by hand).
 */
export function decodeBlobSegments(segments: readonly string[]): string | undefined {
  const last = segments.at(-1);
  if (last === undefined || !last.endsWith(BLOB_SUFFIX)) return undefined;
  const encoded = segments.slice(0, -1).join('') + last.slice(0, -BLOB_SUFFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/** Byte-order comparison of two strings as UTF-8 (S3 listing order), for `Array.sort`. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
