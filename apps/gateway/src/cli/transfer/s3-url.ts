import { CliUsageError } from './cli-errors.js';

/** A bucket and a key (or key prefix; `''` for the whole bucket), from an `s3://` URL. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

// S3's bucket naming rules (3-63 lower-case letters, digits, dots, hyphens) plus the legacy
// upper-case letters and underscores some services still accept; anything else is a typo.
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;

/** Whether `arg` is meant as an S3 URL (starts with `s3:`, well formed or not). */
export function isS3Url(arg: string): boolean {
  return /^s3:/i.test(arg);
}

/**
 * Parses `s3://bucket[/key]`. The key is everything after the first `/` after the bucket, kept
 * byte for byte (S3 keys may contain spaces, `+`, `%`: nothing is decoded).
 *
 * @throws CliUsageError for anything else: another scheme spelling (`s3:/b`, `S3://b`), no
 *   bucket, or a bucket name S3 would refuse.
 */
export function parseS3Url(arg: string): S3Location {
  if (!arg.startsWith('s3://')) {
    throw new CliUsageError(`invalid S3 URL ${JSON.stringify(arg)}: expected s3://bucket[/key]`);
  }
  const rest = arg.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new CliUsageError(
      `invalid S3 URL ${JSON.stringify(arg)}: ${bucket === '' ? 'no bucket name' : `bad bucket name ${JSON.stringify(bucket)}`}`,
    );
  }
  return { bucket, key };
}

/** The `s3://` URL of a location. */
export function formatS3Url(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** `key` as a folder prefix: `''` stays `''`, anything else ends in `/`. */
export function toPrefix(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}
