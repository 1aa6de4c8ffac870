import { createHash } from 'node:crypto';
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
  /**
   * Inactivity limit per request, ms (undici's `headersTimeout` and `bodyTimeout`: no byte sent
   * or received for this long fails the request). Default 0, none: a large transfer on a slow
   * peer must not trip it. The soak sets one so a stuck server cannot hang the run.
   */
  readonly idleTimeoutMs?: number;
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

/** The server-side encryption algorithms of a bucket default (`SSEAlgorithm`). */
export const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

/** One of {@link SSE_ALGORITHMS}. */
export type SseAlgorithm = (typeof SSE_ALGORITHMS)[number];

/** The PutBucketEncryption body for a default rule of `algorithm` (no KMS key id, no bucket key). */
export function serializeBucketEncryption(algorithm: SseAlgorithm): string {
  return (
    '<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${algorithm}</SSEAlgorithm>` +
    '</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>'
  );
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
      bodyTimeout: config.idleTimeoutMs ?? 0,
      headersTimeout: config.idleTimeoutMs ?? 0,
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

  /**
   * GETs an object and returns the number of body bytes received. The bytes are dropped, after
   * `onChunk` (if given) has seen each chunk: a caller can hash the body as it streams.
   */
  async get(bucket: string, key: string, onChunk?: (chunk: Buffer) => void): Promise<number> {
    const res = await this.#send('GET', `/${bucket}/${key}`);
    if (res.statusCode !== 200) await this.#expectOk(res, `GET ${key}`);
    let bytes = 0;
    for await (const chunk of res.body) {
      bytes += (chunk as Buffer).length;
      onChunk?.(chunk as Buffer);
    }
    return bytes;
  }

  /**
   * GETs bytes `start`..`end` (inclusive) of an object with a `Range` header; returns the body.
   * Anything but 206 throws: a server that ignored the range would send the whole object.
   */
  async getRange(bucket: string, key: string, start: number, end: number): Promise<Buffer> {
    const res = await this.#send('GET', `/${bucket}/${key}`, undefined, undefined, {
      range: `bytes=${start}-${end}`,
    });
    if (res.statusCode !== 206) {
      throw new S3HttpError(res.statusCode, await res.body.text(), `GET ${key} range`);
    }
    return Buffer.from(await res.body.arrayBuffer());
  }

  /** HEADs an object; returns its Content-Length. */
  async head(bucket: string, key: string): Promise<number> {
    const res = await this.#send('HEAD', `/${bucket}/${key}`);
    await this.#expectOk(res, `HEAD ${key}`);
    return Number(res.headers['content-length'] ?? -1);
  }

  /**
   * HEADs an object and returns its `x-amz-server-side-encryption` header (`AES256`, `aws:kms`),
   * or undefined when the server reports none (an object stored in plain text).
   */
  async serverSideEncryption(bucket: string, key: string): Promise<string | undefined> {
    const res = await this.#send('HEAD', `/${bucket}/${key}`);
    await this.#expectOk(res, `HEAD ${key}`);
    const value = res.headers['x-amz-server-side-encryption'];
    return Array.isArray(value) ? value.join(',') : value;
  }

  /**
   * PutBucketEncryption: sets `bucket`'s default encryption to `algorithm`, so every object
   * written to it without encryption headers is stored encrypted. S3 requires an integrity check
   * on this call, so the body goes with its `Content-MD5`.
   */
  async putBucketEncryption(bucket: string, algorithm: SseAlgorithm): Promise<void> {
    const xml = Buffer.from(serializeBucketEncryption(algorithm));
    const res = await this.#send('PUT', `/${bucket}`, { encryption: '' }, xml, {
      'content-length': String(xml.length),
      'content-md5': createHash('md5').update(xml).digest('base64'),
      'content-type': 'application/xml',
    });
    await this.#expectOk(res, `PutBucketEncryption ${bucket}`);
  }

  /**
   * PutBucketPolicy: stores `document` (a JSON policy, sent as is) as `bucket`'s policy. S3
   * answers 204; like PutBucketEncryption it takes a `Content-MD5`, sent so a body changed on
   * the way is refused rather than stored.
   */
  async putBucketPolicy(bucket: string, document: string): Promise<void> {
    const body = Buffer.from(document);
    const res = await this.#send('PUT', `/${bucket}`, { policy: '' }, body, {
      'content-length': String(body.length),
      'content-md5': createHash('md5').update(body).digest('base64'),
      'content-type': 'application/json',
    });
    await this.#expectOk(res, `PutBucketPolicy ${bucket}`);
  }

  /**
   * GetBucketPolicy: `bucket`'s policy document as the server returns it, or undefined when it
   * has none (404 `NoSuchBucketPolicy`).
   *
   * @throws S3HttpError on any other non-200 answer (a 404 NoSuchBucket included).
   */
  async getBucketPolicy(bucket: string): Promise<string | undefined> {
    const res = await this.#send('GET', `/${bucket}`, { policy: '' });
    const text = await res.body.text();
    if (res.statusCode === 404 && text.includes('<Code>NoSuchBucketPolicy</Code>')) {
      return undefined;
    }
    if (res.statusCode !== 200) {
      throw new S3HttpError(res.statusCode, text, `GetBucketPolicy ${bucket}`);
    }
    return text;
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

  /** CreateMultipartUpload; returns the upload id. */
  async createMultipartUpload(bucket: string, key: string): Promise<string> {
    const res = await this.#send('POST', `/${bucket}/${key}`, { uploads: '' });
    const text = await res.body.text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(text)?.[1];
    if (res.statusCode !== 200 || uploadId === undefined) {
      throw new S3HttpError(res.statusCode, text, `CreateMultipartUpload ${key}`);
    }
    return uploadId;
  }

  /** UploadPart of `size` bytes; returns the part's ETag. */
  async uploadPart(
    bucket: string,
    key: string,
    upload: { readonly uploadId: string; readonly partNumber: number },
    body: Buffer | Readable,
    size: number,
  ): Promise<string> {
    const query = { partNumber: String(upload.partNumber), uploadId: upload.uploadId };
    const res = await this.#send('PUT', `/${bucket}/${key}`, query, body, {
      'content-length': String(size),
    });
    await this.#expectOk(res, `UploadPart ${key} #${upload.partNumber}`);
    return String(res.headers.etag ?? '');
  }

  /** CompleteMultipartUpload with parts 1..n whose ETags are `etags`, in order. */
  async completeMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    etags: readonly string[],
  ): Promise<void> {
    const parts = etags.map(
      (e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`,
    );
    const xml = Buffer.from(`<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`);
    const res = await this.#send('POST', `/${bucket}/${key}`, { uploadId }, xml, {
      'content-length': String(xml.length),
      'content-type': 'application/xml',
    });
    const text = await res.body.text();
    // S3 may answer 200 and still fail: the error is then in the body (CompleteMultipartUpload docs).
    if (res.statusCode !== 200 || text.includes('<Error>')) {
      throw new S3HttpError(res.statusCode, text, `CompleteMultipartUpload ${key}`);
    }
  }

  /** AbortMultipartUpload. */
  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    const res = await this.#send('DELETE', `/${bucket}/${key}`, { uploadId });
    await this.#expectOk(res, `AbortMultipartUpload ${key}`);
  }

  /**
   * Aborts every request in flight (they reject) and closes the connections at once; for a run
   * that must end on time whatever the server does. Idempotent, and so is {@link close} after it.
   */
  async destroy(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.destroy();
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
    method: 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST',
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
