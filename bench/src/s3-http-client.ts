import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import { createSigner, encodeKeyPath, canonicalQuery, type Signer } from './sigv4-signer.js';

/** Where a client connects and with which key. */
export type S3HttpClientConfig = {
  /** `http://127.0.0.1:PORT` (loopback only). */
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region?: string;
  /** Keep-alive connections in the pool; at least the highest concurrency used. */
  readonly connections?: number;
};

/** A non-2xx answer from the server under test. */
export class S3HttpError extends Error {
  readonly code = 'ES3_HTTP' as const;
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'S3HttpError';
  }
}

/**
 * The lean load generator: an undici keep-alive pool plus the small SigV4 signer, path-style
 * addressing, `UNSIGNED-PAYLOAD`. Bodies stream in both directions; a GET counts bytes and
 * drops them. Every response body is consumed, so connections go back to the pool.
 */
export class S3HttpClient {
  readonly #pool: Pool;
  readonly #sign: Signer;
  readonly #host: string;
  #closed = false;

  constructor(config: S3HttpClientConfig) {
    const url = new URL(config.endpoint);
    this.#host = url.host;
    this.#pool = new Pool(url.origin, {
      connections: config.connections ?? 128,
      keepAliveTimeout: 60_000,
      // Large transfers must not trip undici's default 300 s body/headers timeouts on a slow peer.
      bodyTimeout: 0,
      headersTimeout: 0,
    });
    this.#sign = createSigner({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      region: config.region ?? 'us-east-1',
    });
  }

  /** Creates a bucket; an existing bucket owned by us is fine. */
  async createBucket(bucket: string): Promise<void> {
    const res = await this.#send('PUT', `/${bucket}`);
    const text = await res.body.text();
    // s3rver answers BucketAlreadyExists even to the bucket's owner; the bench owns every bucket.
    if (res.statusCode >= 300 && !/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(text)) {
      throw new S3HttpError(res.statusCode, text, `create bucket ${bucket}`);
    }
  }

  /** PUTs a body of `size` bytes; returns the ETag. */
  async put(bucket: string, key: string, body: Buffer | Readable, size: number): Promise<string> {
    const res = await this.#send('PUT', `/${bucket}/${key}`, undefined, body, {
      'content-length': String(size),
    });
    await this.#expectOk(res, `PUT ${key}`);
    return String(res.headers.etag ?? '');
  }

  /** GETs an object and returns the number of body bytes received (the bytes are dropped). */
  async get(bucket: string, key: string): Promise<number> {
    const res = await this.#send('GET', `/${bucket}/${key}`);
    if (res.statusCode !== 200) await this.#expectOk(res, `GET ${key}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
    return bytes;
  }

  /** HEADs an object; returns its Content-Length. */
  async head(bucket: string, key: string): Promise<number> {
    const res = await this.#send('HEAD', `/${bucket}/${key}`);
    await this.#expectOk(res, `HEAD ${key}`);
    return Number(res.headers['content-length'] ?? -1);
  }

  /** Deletes an object. */
  async delete(bucket: string, key: string): Promise<void> {
    const res = await this.#send('DELETE', `/${bucket}/${key}`);
    await this.#expectOk(res, `DELETE ${key}`);
  }

  /** One ListObjectsV2 page; returns the raw XML (small) for the caller to parse. */
  async listPage(bucket: string, query: Readonly<Record<string, string>>): Promise<string> {
    const res = await this.#send('GET', `/${bucket}`, { 'list-type': '2', ...query });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new S3HttpError(res.statusCode, text, `LIST ${bucket}`);
    return text;
  }

  /** Closes every pooled connection; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #send(
    method: 'GET' | 'PUT' | 'HEAD' | 'DELETE',
    rawPath: string,
    query?: Readonly<Record<string, string>>,
    body?: Buffer | Readable,
    extra: Record<string, string> = {},
  ): Promise<Dispatcher.ResponseData> {
    const path = encodeKeyPath(rawPath);
    const headers = { ...this.#sign({ method, host: this.#host, path, query }), ...extra };
    const qs = query ? `?${canonicalQuery(query)}` : '';
    return this.#pool.request({ method, path: path + qs, headers, body: body ?? null });
  }

  async #expectOk(res: Dispatcher.ResponseData, what: string): Promise<void> {
    if (res.statusCode < 300) {
      await res.body.dump();
      return;
    }
    throw new S3HttpError(res.statusCode, await res.body.text(), what);
  }
}
