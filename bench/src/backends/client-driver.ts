import type { Readable } from 'node:stream';

/** Where a client connects: one bucket on one server. */
export type ClientDriverConfig = {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
  /** Keep-alive connections: at least the concurrency used. */
  readonly connections: number;
};

/**
 * One S3 client library behind the three calls the comparison times, each through the
 * library's own natural streaming API; a GET counts the body's bytes and drops them.
 */
export type ClientDriver = {
  /** The row label (`s3-client`, `aws-sdk WHEN_REQUIRED`, …). */
  readonly name: string;
  put(key: string, body: Buffer | Readable, size: number): Promise<void>;
  /** Resolves with the number of body bytes received. */
  get(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  /** Closes the client's connections; idempotent. */
  close(): Promise<void>;
};
