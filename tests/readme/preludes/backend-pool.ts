/**
 * What the fragments of packages/backend-pool/README.md use but only describe in prose: the
 * gateway's metastore `store`, an S3-compatible service (the test's Strata) and a logger.
 */
import { openSqliteStore } from '@strata/metastore-core/sqlite';

/** `@strata/metastore-core`'s store: its `uploads` and `backendUsage` repos. */
export const store = await openSqliteStore({ database: './data/meta.db' });

export const endpoint = process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9000';
export const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
};

/** Any logger with pino's `(fields, message)` signature. */
export const log = console;
