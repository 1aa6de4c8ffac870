/**
 * curl (Debian `/usr/bin/curl`) with URLs presigned by the AWS SDK, over HTTP and HTTPS
 * (`--cacert` with the test certificate): the way shell scripts, browsers and CI jobs that hold
 * no credentials move objects.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_KEYS } from './sdk/object-tests.js';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  getSignedUrl,
} from './support/aws-sdk.js';
import { FIVE_MIB, headOf, inspector } from './support/client-data.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { TRANSPORTS, useGateway } from './support/gateway-fixture.js';
import { mustRun, runClient } from './support/run-client.js';
import { createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { TEST_CREDENTIALS } from './support/strata-process.js';
import { md5, multipartEtag, partMd5s, seededBytes, sha256 } from './support/test-data.js';
import type { S3Client } from '@aws-sdk/client-s3';

const CURL = '/usr/bin/curl';
const recorder = createCompatRecorder('curl');

/** What curl saw: status, lower-cased response headers, body bytes. */
interface CurlResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

describe.each(TRANSPORTS)('curl with presigned URLs over %s', (transport) => {
  const gateway = useGateway(transport, 'curl');
  recorder.track('curl (presigned URLs)', transport);
  let sdk: S3Client;
  let n = 0;

  /** Runs curl on `url`; `-D` and `-o` go to files so binary bodies survive. */
  const curl = async (url: string, extra: readonly string[] = []): Promise<CurlResponse> => {
    const { home, cert } = gateway();
    n += 1;
    const headerFile = join(home, `h-${n}`);
    const bodyFile = join(home, `b-${n}`);
    await mustRun(
      CURL,
      [
        '-sS',
        '-g',
        '-D',
        headerFile,
        '-o',
        bodyFile,
        ...(cert ? ['--cacert', cert.certFile] : []),
        ...extra,
        url,
      ],
      { cwd: home },
    );
    // With `Expect: 100-continue` (curl's default for -T) the file holds an interim
    // `HTTP/1.1 100 Continue` block first: the final response is the last block.
    const blocks = (await readFile(headerFile, 'utf8')).trim().split(/\r?\n\r?\n/);
    const lines = blocks.at(-1)!.split(/\r?\n/);
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(lines[0]!)?.[1]);
    const headers = Object.fromEntries(
      lines.slice(1).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
      }),
    );
    return { status, headers, body: await readFile(bodyFile).catch(() => Buffer.alloc(0)) };
  };
  const file = async (data: Buffer) => {
    n += 1;
    const path = join(gateway().home, `up-${n}`);
    await writeFile(path, data);
    return path;
  };
  const presigner = (secretAccessKey: string = TEST_CREDENTIALS.secretAccessKey) =>
    // Presigned uploads are signed without the SDK's default CRC32 (see sdk/presign-tests.ts).
    createTestS3Client({
      endpoint: gateway().endpoint,
      ca: gateway().cert?.ca,
      checksums: 'WHEN_REQUIRED',
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey },
    });
  let signer: S3Client;
  const newBucket = async () => {
    const bucket = uniqueBucketName('curl');
    await sdk.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  };

  beforeAll(async () => {
    sdk = inspector(gateway());
    signer = presigner();
    const version = await mustRun(CURL, ['--version'], { cwd: gateway().home });
    recorder.version('curl', version.split('\n')[0]!.split(' ').slice(1, 2).join(' '));
  });
  afterAll(() => {
    sdk?.destroy();
    signer?.destroy();
  });

  describe('presigned PUT and GET', () => {
    it('PUT a file (with a signed Content-Type), GET it whole, by range, and HEAD', async () => {
      const bucket = await newBucket();
      const data = seededBytes('curl-put', 200_000);
      const putUrl = await getSignedUrl(
        signer,
        new PutObjectCommand({ Bucket: bucket, Key: 'data/file.csv', ContentType: 'text/csv' }),
        { expiresIn: 300 },
      );
      const put = await curl(putUrl, ['-T', await file(data), '-H', 'Content-Type: text/csv']);
      expect(put.status, put.body.toString()).toBe(200);
      expect(put.headers.etag).toBe(`"${md5(data)}"`);
      expect(await headOf(sdk, bucket, 'data/file.csv')).toMatchObject({
        size: data.length,
        contentType: 'text/csv',
      });

      const getUrl = await getSignedUrl(
        signer,
        new GetObjectCommand({ Bucket: bucket, Key: 'data/file.csv' }),
        { expiresIn: 300 },
      );
      const get = await curl(getUrl);
      expect(get.status).toBe(200);
      expect(sha256(get.body)).toBe(sha256(data));
      expect(get.headers).toMatchObject({
        etag: `"${md5(data)}"`,
        'content-length': String(data.length),
        'content-type': 'text/csv',
      });
      const range = await curl(getUrl, ['-r', '100-199']);
      expect(range.status).toBe(206);
      expect(range.headers['content-range']).toBe(`bytes 100-199/${data.length}`);
      expect(range.body.equals(data.subarray(100, 200))).toBe(true);

      const headUrl = await getSignedUrl(
        signer,
        new HeadObjectCommand({ Bucket: bucket, Key: 'data/file.csv' }),
        { expiresIn: 300 },
      );
      const head = await curl(headUrl, ['-I']);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(data.length));
    });

    it('awkward keys and an empty object round-trip through presigned URLs', async () => {
      const bucket = await newBucket();
      for (const key of [...AWKWARD_KEYS, 'empty']) {
        const body = key === 'empty' ? Buffer.alloc(0) : Buffer.from(`body of ${key}`);
        const putUrl = await getSignedUrl(
          signer,
          new PutObjectCommand({ Bucket: bucket, Key: key }),
          {
            expiresIn: 300,
          },
        );
        const put = await curl(putUrl, ['-T', await file(body)]);
        expect(put.status, `${key}: ${put.body.toString()}`).toBe(200);
        const getUrl = await getSignedUrl(
          signer,
          new GetObjectCommand({ Bucket: bucket, Key: key }),
          {
            expiresIn: 300,
          },
        );
        const get = await curl(getUrl);
        expect(get.status, key).toBe(200);
        expect(sha256(get.body), key).toBe(sha256(body));
        expect(get.headers.etag, key).toBe(`"${md5(body)}"`);
      }
    });
  });

  describe('multipart with presigned UploadPart URLs', () => {
    it('curl PUTs each part to its presigned URL; the object assembles byte for byte', async () => {
      const bucket = await newBucket();
      const data = seededBytes('curl-mp', FIVE_MIB + 1);
      const { UploadId } = await sdk.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp.bin' }),
      );
      const parts = [];
      for (const [i, start] of [0, FIVE_MIB].entries()) {
        const url = await getSignedUrl(
          signer,
          new UploadPartCommand({ Bucket: bucket, Key: 'mp.bin', UploadId, PartNumber: i + 1 }),
          { expiresIn: 300 },
        );
        const res = await curl(url, ['-T', await file(data.subarray(start, start + FIVE_MIB))]);
        expect(res.status, res.body.toString()).toBe(200);
        parts.push({ PartNumber: i + 1, ETag: res.headers.etag });
      }
      await sdk.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'mp.bin',
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      const getUrl = await getSignedUrl(
        signer,
        new GetObjectCommand({ Bucket: bucket, Key: 'mp.bin' }),
        {
          expiresIn: 300,
        },
      );
      const get = await curl(getUrl);
      expect(get.headers.etag).toBe(multipartEtag(partMd5s(data, FIVE_MIB)));
      expect(sha256(get.body)).toBe(sha256(data));
    });
  });

  describe('errors', () => {
    it('missing key → 404 NoSuchKey, missing bucket → 404 NoSuchBucket, wrong secret → 403, expired → 403', async () => {
      const bucket = await newBucket();
      const missingKey = await curl(
        await getSignedUrl(signer, new GetObjectCommand({ Bucket: bucket, Key: 'missing' })),
      );
      expect(missingKey.status).toBe(404);
      expect(missingKey.body.toString()).toContain('<Code>NoSuchKey</Code>');
      const missingBucket = await curl(
        await getSignedUrl(
          signer,
          new GetObjectCommand({ Bucket: uniqueBucketName('curl-none'), Key: 'k' }),
        ),
      );
      expect(missingBucket.status).toBe(404);
      expect(missingBucket.body.toString()).toContain('<Code>NoSuchBucket</Code>');
      const wrongSigner = presigner('not-the-right-secret-key-0000');
      try {
        const wrong = await curl(
          await getSignedUrl(wrongSigner, new GetObjectCommand({ Bucket: bucket, Key: 'missing' })),
        );
        expect(wrong.status).toBe(403);
        expect(wrong.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
      } finally {
        wrongSigner.destroy();
      }
      const expired = await curl(
        await getSignedUrl(signer, new GetObjectCommand({ Bucket: bucket, Key: 'missing' }), {
          expiresIn: 60,
          signingDate: new Date(Date.now() - 3600_000),
        }),
      );
      expect(expired.status).toBe(403);
      expect(expired.body.toString()).toContain('<Code>AccessDenied</Code>');
      // curl exits 0 on HTTP errors unless told otherwise; --fail turns them into exit 22.
      const failing = await runClient(
        CURL,
        [
          '-sS',
          '--fail',
          '-o',
          '/dev/null',
          ...(gateway().cert ? ['--cacert', gateway().cert!.certFile] : []),
          await getSignedUrl(signer, new GetObjectCommand({ Bucket: bucket, Key: 'missing' })),
        ],
        { cwd: gateway().home },
      );
      expect(failing.code).toBe(22);
      expect(failing.stderr).toContain('404');
    });
  });
});
