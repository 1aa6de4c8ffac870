import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, blobFiles, errorCode, useTestGateway } from '../testing/test-gateway.js';

const gateway = useTestGateway();

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** A browser-style form upload signed with a V4 POST policy, as the S3 docs describe it. */
function form(options: { key: string; file: string; maxSize?: number; status?: string }): {
  body: Buffer;
  contentType: string;
} {
  const now = new Date();
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const amzDate = `${date}T000000Z`;
  const credential = `${TEST_KEY.accessKeyId}/${date}/us-east-1/s3/aws4_request`;
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(now.getTime() + 600_000).toISOString(),
      conditions: [
        { bucket: 'forms' },
        ['starts-with', '$key', 'uploads/'],
        ['content-length-range', 0, options.maxSize ?? 1024],
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        { 'x-amz-credential': credential },
        { 'x-amz-date': amzDate },
        ['starts-with', '$success_action_status', ''],
      ],
    }),
  ).toString('base64');
  const signingKey = ['us-east-1', 's3', 'aws4_request'].reduce(
    (key, part) => hmac(key, part),
    hmac(`AWS4${TEST_KEY.secretAccessKey}`, date),
  );
  const fields: Record<string, string> = {
    key: options.key,
    success_action_status: options.status ?? '204',
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': amzDate,
    policy,
    'x-amz-signature': hmac(signingKey, policy).toString('hex'),
  };
  const boundary = '----strataFormBoundary7MA4YWxk';
  let text = '';
  for (const [name, value] of Object.entries(fields)) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  text += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${options.file}\r\n--${boundary}--\r\n`;
  return { body: Buffer.from(text), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('POST Object (browser form upload)', () => {
  it('stores the file under the policy-checked key', async () => {
    await gateway().send({ method: 'PUT', path: '/forms' });
    const { body, contentType } = form({
      key: 'uploads/${filename}',
      file: 'hello form',
      status: '201',
    });
    const res = await gateway().send({
      method: 'POST',
      path: '/forms',
      unsigned: true,
      body,
      headers: { 'content-type': contentType },
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('<Key>uploads/a.txt</Key>');
    const get = await gateway().send({ path: '/forms/uploads/a.txt' });
    expect(await get.text()).toBe('hello form');
    // S3 takes the type from a `Content-Type` form field, not the file part's header.
    expect(get.headers.get('content-type')).toBe('binary/octet-stream');
  });

  it('refuses a file over content-length-range and stores nothing', async () => {
    await gateway().send({ method: 'PUT', path: '/forms' });
    const { body, contentType } = form({
      key: 'uploads/big',
      file: 'x'.repeat(2000),
      maxSize: 100,
    });
    const res = await gateway().send({
      method: 'POST',
      path: '/forms',
      unsigned: true,
      body,
      headers: { 'content-type': contentType },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('EntityTooLarge');
    expect((await gateway().send({ method: 'HEAD', path: '/forms/uploads/big' })).status).toBe(404);
    expect(await blobFiles(gateway())).toEqual([]);
  });

  it('refuses a key outside the policy', async () => {
    await gateway().send({ method: 'PUT', path: '/forms' });
    const { body, contentType } = form({ key: 'elsewhere/x', file: 'x' });
    const res = await gateway().send({
      method: 'POST',
      path: '/forms',
      unsigned: true,
      body,
      headers: { 'content-type': contentType },
    });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('AccessDenied');
  });
});
