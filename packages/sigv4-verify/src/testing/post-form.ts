// Test support (exported through `./testing`): builds S3 POST upload forms the way a browser
// sends them, signed with an independent implementation of the SigV4 POST algorithm (S3 API
// reference, "Calculating a signature" for browser-based uploads).
import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { ACCESS_KEY, REGION, SECRET } from './test-credentials.js';

const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** The four SigV4 form fields and the base64 policy, for `policy` with the credential filled in. */
export function signPolicy(
  conditions: unknown[],
  options: {
    expiration: Date;
    date: Date;
    accessKeyId?: string;
    secret?: string;
    region?: string;
  },
): [string, string][] {
  const day = options.date.toISOString().slice(0, 10).replace(/-/g, '');
  const amzDate = `${day}T${options.date.toISOString().slice(11, 19).replace(/:/g, '')}Z`;
  const credential = `${options.accessKeyId ?? ACCESS_KEY}/${day}/${options.region ?? REGION}/s3/aws4_request`;
  const policy = Buffer.from(
    JSON.stringify({
      expiration: options.expiration.toISOString(),
      conditions: [
        ...conditions,
        { 'x-amz-credential': credential },
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        { 'x-amz-date': amzDate },
      ],
    }),
  ).toString('base64');
  let key = hmac(`AWS4${options.secret ?? SECRET}`, day);
  for (const part of [options.region ?? REGION, 's3', 'aws4_request']) key = hmac(key, part);
  return [
    ['x-amz-credential', credential],
    ['x-amz-algorithm', 'AWS4-HMAC-SHA256'],
    ['x-amz-date', amzDate],
    ['policy', policy],
    ['x-amz-signature', createHmac('sha256', key).update(policy).digest('hex')],
  ];
}

/** A form as a browser encodes it (CRLF line ends, quoted names, the file last by default). */
export interface FormSpec {
  boundary?: string;
  fields: [string, string][];
  file?: { filename?: string; contentType?: string; data: Buffer; fieldName?: string };
  after?: [string, string][];
  /** Leave out the closing delimiter (a truncated upload). */
  truncate?: boolean;
}

/** The boundary {@link buildForm} uses unless the spec gives one (a browser's shape). */
export const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

function fieldPart(boundary: string, name: string, value: string): Buffer {
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
}

/** The whole body (test data only: production code never holds a body like this). */
export function buildForm(spec: FormSpec): Buffer {
  const boundary = spec.boundary ?? BOUNDARY;
  const parts = spec.fields.map(([n, v]) => fieldPart(boundary, n, v));
  if (spec.file) {
    const filename = spec.file.filename === undefined ? '' : `; filename="${spec.file.filename}"`;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${spec.file.fieldName ?? 'file'}"${filename}\r\n` +
          `Content-Type: ${spec.file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      spec.file.data,
      Buffer.from('\r\n'),
    );
  }
  for (const [n, v] of spec.after ?? []) parts.push(fieldPart(boundary, n, v));
  if (spec.truncate !== true) parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

/** Feed `data` in chunks of random sizes in [1, maxChunk] (deterministic from `rand`). */
export function chunked(data: Buffer, rand: () => number, maxChunk = 100_000): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length;) {
        const size = 1 + Math.floor(rand() * maxChunk);
        yield data.subarray(i, i + size);
        i += size;
      }
    })(),
  );
}

export const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
