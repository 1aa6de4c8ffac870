import { describe, expect, it } from 'vitest';
import { errorCode, useTestGateway } from '../../testing/test-gateway.js';

const ACME = { accessKeyId: 'ACMEKEY0000000000001', secretAccessKey: 'acme-secret-0123456789' };
const PHOTOS = { accessKeyId: 'PHOTOSKEY00000000001', secretAccessKey: 'photos-secret-0123456' };

describe('authorization: tenants and bucket keys', () => {
  const gateway = useTestGateway({
    keys: [
      { ...ACME, scope: { owner: 'acme-id' } },
      { ...PHOTOS, scope: { owner: 'acme-id', buckets: new Set(['photos']) } },
    ],
  });

  it('keeps each tenant to its own buckets, and a bucket key to its bucket', async () => {
    const gw = gateway();
    expect((await gw.send({ method: 'PUT', path: '/rootbucket' })).status).toBe(200);
    expect((await gw.send({ method: 'PUT', path: '/photos', key: ACME })).status).toBe(200);
    expect((await gw.send({ method: 'PUT', path: '/archive', key: ACME })).status).toBe(200);
    const put = await gw.send({
      method: 'PUT',
      path: '/photos/cat.jpg',
      body: 'meow',
      key: PHOTOS,
    });
    expect(put.status).toBe(200);

    // Another tenant's bucket, and its objects: 403 AccessDenied.
    const denied = await gw.send({ path: '/photos/cat.jpg' });
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('AccessDenied');
    expect((await gw.send({ path: '/rootbucket', key: ACME })).status).toBe(403);
    // A copy out of another tenant's bucket is refused too.
    const copy = await gw.send({
      method: 'PUT',
      path: '/rootbucket/stolen',
      headers: { 'x-amz-copy-source': '/photos/cat.jpg' },
    });
    expect(copy.status).toBe(403);

    // The bucket key reaches its bucket only, and cannot create buckets.
    expect((await gw.send({ path: '/archive', key: PHOTOS })).status).toBe(403);
    expect((await gw.send({ method: 'PUT', path: '/another', key: PHOTOS })).status).toBe(403);
    const got = await gw.send({ path: '/photos/cat.jpg', key: PHOTOS });
    expect(await got.text()).toBe('meow');

    // ListBuckets shows what each key may reach.
    const names = async (key?: typeof ACME) =>
      [
        ...(await (await gw.send({ path: '/', ...(key ? { key } : {}) })).text()).matchAll(
          /<Name>([^<]+)<\/Name>/g,
        ),
      ].map((m) => m[1]);
    expect(await names()).toEqual(['rootbucket']);
    expect(await names(ACME)).toEqual(['archive', 'photos']);
    expect(await names(PHOTOS)).toEqual(['photos']);

    // A taken name is BucketAlreadyExists for another tenant, as on S3; a missing bucket 404.
    const taken = await gw.send({ method: 'PUT', path: '/photos' });
    expect(await errorCode(taken)).toBe('BucketAlreadyExists');
    expect(await errorCode(await gw.send({ path: '/nosuchbucket', key: ACME }))).toBe(
      'NoSuchBucket',
    );
  });
});
