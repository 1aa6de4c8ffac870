import { createHash, createHmac } from 'node:crypto';

/** Credentials and scope the signer needs. */
export type SignerConfig = {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
};

/** The request parts that take part in the signature. */
export type SignableRequest = {
  readonly method: string;
  /** Host header value (`127.0.0.1:9000`). */
  readonly host: string;
  /** Path, already percent-encoded per RFC 3986 (see {@link encodeKeyPath}). */
  readonly path: string;
  /** Query parameters, unencoded. */
  readonly query?: Readonly<Record<string, string>>;
};

/** A signer: returns the headers to send (host, x-amz-date, x-amz-content-sha256, authorization). */
export type Signer = (request: SignableRequest) => Record<string, string>;

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves `!'()*` alone). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Encodes a `/bucket/key` path segment by segment, keeping the slashes. */
export function encodeKeyPath(path: string): string {
  return path.split('/').map(encodeRfc3986).join('/');
}

/** Builds a canonical query string: sorted by name, both sides RFC 3986 encoded. */
export function canonicalQuery(query: Readonly<Record<string, string>> = {}): string {
  return Object.entries(query)
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Creates a minimal AWS SigV4 header signer for S3 with `UNSIGNED-PAYLOAD`, so a body is never
 * hashed by the load generator (the timed loops must not spend their CPU on SHA-256). The
 * signing key is cached per day, so one request costs two HMACs and one SHA-256 of a short string.
 */
export function createSigner(config: SignerConfig): Signer {
  let keyDate = '';
  let signingKey: Buffer = Buffer.alloc(0);
  return (request) => {
    const amzDate = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    if (date !== keyDate) {
      signingKey = deriveKey(config.secretAccessKey, date, config.region);
      keyDate = date;
    }
    const canonical = [
      request.method,
      request.path,
      canonicalQuery(request.query),
      `host:${request.host}\nx-amz-content-sha256:${UNSIGNED_PAYLOAD}\nx-amz-date:${amzDate}\n`,
      'host;x-amz-content-sha256;x-amz-date',
      UNSIGNED_PAYLOAD,
    ].join('\n');
    const scope = `${date}/${config.region}/s3/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
    return {
      host: request.host,
      'x-amz-date': amzDate,
      'x-amz-content-sha256': UNSIGNED_PAYLOAD,
      authorization:
        `AWS4-HMAC-SHA256 Credential=${config.accessKeyId}/${scope}, ` +
        `SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${signature}`,
    };
  };
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function deriveKey(secret: string, date: string, region: string): Buffer {
  const hmac = (key: string | Buffer, data: string): Buffer =>
    createHmac('sha256', key).update(data).digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
}
