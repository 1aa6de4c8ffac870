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
 * with it). Two hex shard levels from sha256(name) keep directories small.
 */

/** Characters per path segment; a multiple of 4 so each segment is whole base64 quanta. */
export const SEGMENT_CHARS = 200;
/** Suffix of the file that holds a blob's bytes (`.` is outside the base64url alphabet). */
export const BLOB_SUFFIX = '.blob';

/** The path of `blob` relative to the blobs directory: `ab/cd/<seg>/…/<seg>.blob`. */
export function blobRelativePath(blob: string): string {
  const digest = createHash('sha256').update(blob, 'utf8').digest('hex');
  const encoded = Buffer.from(blob, 'utf8').toString('base64url');
  const segments: string[] = [];
  for (let i = 0; i < encoded.length; i += SEGMENT_CHARS) {
    segments.push(encoded.slice(i, i + SEGMENT_CHARS));
  }
  const last = segments.pop() ?? '';
  return join(digest.slice(0, 2), digest.slice(2, 4), ...segments, last + BLOB_SUFFIX);
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
