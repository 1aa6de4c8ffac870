import type { S3Client } from '@strata/s3-client';

/** Where an S3 backend keeps its blobs, shared by the driver's helpers. */
export interface S3Target {
  /** The backend's configured name (for errors). */
  readonly name: string;
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every blob name to make its object key ('' for none). */
  readonly prefix: string;
}

/** The object key of `blob`: the prefix, then the blob name, byte for byte. */
export function keyOf(target: S3Target, blob: string): string {
  return target.prefix + blob;
}
