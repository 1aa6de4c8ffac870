import { request } from 'undici';
import { expect, it } from 'vitest';
import { md5, seededBytes, sha256 } from '../support/test-data.js';
import type { SdkEnv } from './sdk-env.js';
import {
  GetBucketAccelerateConfigurationCommand,
  GetObjectCommand,
  PutObjectCommand,
  getSignedUrl,
} from '../support/aws-sdk.js';

/** Presigned URLs fetched by a plain HTTP client, and raw error bodies. */
export function definePresignTests(env: () => SdkEnv): void {
  it('presigned GET and PUT work from a plain HTTP client', async () => {
    const { client, dispatcher } = env();
    const bucket = await env().newBucket();
    const data = seededBytes('presign', 20_000);

    // With default checksums (client-s3 ≥ 3.729.0) the SDK signs the CRC32 of an empty body
    // into a presigned PUT URL, which S3-compatible servers treat differently; the usual advice
    // is to presign uploads with checksums only when required, as done here.
    const presigner = env().clientWith({ checksums: 'WHEN_REQUIRED' });
    const putUrl = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: bucket, Key: 'pre/signed key' }),
      { expiresIn: 300 },
    );
    presigner.destroy();
    const put = await request(putUrl, { method: 'PUT', body: data, dispatcher });
    const putBody = await put.body.text();
    expect(put.statusCode, putBody).toBe(200);
    expect(put.headers.etag).toBe(`"${md5(data)}"`);
    expect(put.headers['x-amz-request-id']).toMatch(/\S/);

    const getUrl = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: bucket, Key: 'pre/signed key' }),
      {
        expiresIn: 300,
      },
    );
    const get = await request(getUrl, { dispatcher });
    expect(get.statusCode).toBe(200);
    expect(get.headers['x-amz-request-id']).toMatch(/\S/);
    expect(sha256(Buffer.from(await get.body.arrayBuffer()))).toBe(sha256(data));
  });

  it('presigned URLs: expired → 403 AccessDenied, tampered → 403 SignatureDoesNotMatch', async () => {
    const { client, dispatcher } = env();
    const bucket = await env().newBucket();
    const expiredUrl = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: bucket, Key: 'k' }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 3600_000),
      },
    );
    const expired = await request(expiredUrl, { dispatcher });
    const expiredBody = await expired.body.text();
    expect(expired.statusCode).toBe(403);
    expect(expiredBody).toContain('<Code>AccessDenied</Code>');

    const url = new URL(
      await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'k' }), {
        expiresIn: 300,
      }),
    );
    url.pathname = url.pathname.replace(/k$/, 'other');
    const tampered = await request(url, { dispatcher });
    const tamperedBody = await tampered.body.text();
    expect(tampered.statusCode).toBe(403);
    expect(tamperedBody).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('presigned X-Amz-Expires: 0 s → 403 "Request has expired"; over a week → 400 AuthorizationQueryParametersError', async () => {
    const { client, dispatcher } = env();
    const bucket = await env().newBucket();
    const get = new GetObjectCommand({ Bucket: bucket, Key: 'k' });
    const zero = await request(await getSignedUrl(client, get, { expiresIn: 0 }), { dispatcher });
    const zeroBody = await zero.body.text();
    expect(zero.statusCode).toBe(403);
    expect(zeroBody).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');

    // The SDK refuses to sign for more than a week, so the value is raised after signing: the
    // parameter is checked before the signature.
    const url = new URL(await getSignedUrl(client, get, { expiresIn: 300 }));
    url.searchParams.set('X-Amz-Expires', '604801');
    const long = await request(url, { dispatcher });
    const longBody = await long.body.text();
    expect(long.statusCode).toBe(400);
    expect(longBody).toContain(
      '<Code>AuthorizationQueryParametersError</Code><Message>X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds</Message>',
    );
  });

  it('an unimplemented operation answers 501 with an S3 XML error body carrying the request id', async () => {
    const { dispatcher } = env();
    const bucket = await env().newBucket();
    const presigner = env().clientWith({ checksums: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(
      presigner,
      new GetBucketAccelerateConfigurationCommand({ Bucket: bucket }),
      { expiresIn: 300 },
    );
    presigner.destroy();
    const res = await request(url, { method: 'GET', dispatcher });
    const body = await res.body.text();
    expect(res.statusCode).toBe(501);
    expect(res.headers['content-type']).toMatch(/xml/);
    const requestId = res.headers['x-amz-request-id'];
    expect(requestId).toMatch(/\S/);
    expect(body).toMatch(/^<\?xml[^>]*\?>\s*<Error>/);
    expect(body).toContain('<Code>NotImplemented</Code>');
    expect(body).toContain(`<RequestId>${String(requestId)}</RequestId>`);
  });
}
