import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, useTestGateway } from '../testing/test-gateway.js';

// CreateBucket as S3 answers it: the general purpose bucket naming rules (400 InvalidBucketName
// naming the bucket), and a name that is taken: by the caller's own tenant (200 OK in us-east-1
// for legacy reasons, 409 BucketAlreadyOwnedByYou in every other region) or by another tenant
// (409 BucketAlreadyExists). On both metastores.

const postgres = await usePostgresTestDatabase();

const OTHER = {
  accessKeyId: 'OTHERKEY000000000001',
  secretAccessKey: 'other-secret-0123456789',
  scope: { owner: 'other-tenant-id' },
};

/** One name per rule of AWS's "General purpose bucket naming rules", each breaking only it. */
const INVALID_NAMES: readonly (readonly [rule: string, name: string])[] = [
  ['shorter than 3 characters', 'ab'],
  ['longer than 63 characters', 'a'.repeat(64)],
  ['an upper-case letter', 'My-bucket'],
  ['an underscore', 'my_bucket'],
  ['starts with a hyphen', '-bucket'],
  ['ends with a period', 'bucket.'],
  ['two adjacent periods', 'my..bucket'],
  ['a period then a hyphen', 'foo.-bar'],
  ['a hyphen then a period', 'foo-.bar'],
  ['formatted as an IP address', '192.168.5.4'],
  ['the xn-- prefix', 'xn--bucket'],
  ['the sthree- prefix', 'sthree-bucket'],
  ['the amzn-s3-demo- prefix', 'amzn-s3-demo-bucket'],
  ['the -s3alias suffix', 'bucket-s3alias'],
  ['the --ol-s3 suffix', 'bucket--ol-s3'],
  ['the .mrap suffix', 'bucket.mrap'],
  ['the --x-s3 suffix', 'bucket--x-s3'],
  ['the --table-s3 suffix', 'bucket--table-s3'],
];

for (const dialect of TEST_DIALECTS) {
  describe(`CreateBucket on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres, keys: [OTHER] });

    it.each(INVALID_NAMES)('a name with %s: 400 InvalidBucketName', async (_rule, name) => {
      const res = await gateway().send({ method: 'PUT', path: `/${name}` });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain('<Code>InvalidBucketName</Code>');
      expect(body).toContain('<Message>The specified bucket is not valid.</Message>');
      expect(body).toContain(`<BucketName>${name}</BucketName>`);
      expect(await gateway().store.buckets.get(name)).toBeUndefined();
    });

    it('a valid name with periods and hyphens apart is created', async () => {
      const res = await gateway().send({ method: 'PUT', path: '/my-bucket.v2-logs' });
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBe('/my-bucket.v2-logs');
    });

    it('re-creating a bucket the tenant owns in us-east-1: 200 OK, the bucket and its objects kept', async () => {
      expect((await gateway().send({ method: 'PUT', path: '/mine' })).status).toBe(200);
      const put = await gateway().send({ method: 'PUT', path: '/mine/k', body: 'kept' });
      expect(put.status).toBe(200);
      const again = await gateway().send({ method: 'PUT', path: '/mine' });
      expect(again.status).toBe(200);
      expect(again.headers.get('location')).toBe('/mine');
      expect(await again.text()).toBe('');
      expect(await (await gateway().send({ path: '/mine/k' })).text()).toBe('kept');
      expect((await gateway().store.buckets.get('mine'))?.owner).toBe('owner-id');
    });

    it("a name another tenant owns: 409 BucketAlreadyExists, the owner's bucket untouched", async () => {
      expect((await gateway().send({ method: 'PUT', path: '/taken' })).status).toBe(200);
      const res = await gateway().send({ method: 'PUT', path: '/taken', key: OTHER });
      expect(res.status).toBe(409);
      const body = await res.text();
      expect(body).toContain('<Code>BucketAlreadyExists</Code>');
      expect(body).toContain(
        '<Message>The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.</Message>',
      );
      expect(body).toContain('<BucketName>taken</BucketName>');
      expect((await gateway().store.buckets.get('taken'))?.owner).toBe('owner-id');
    });
  });

  describe(`CreateBucket outside us-east-1 on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres, keys: [OTHER], region: 'eu-west-1' });

    it('re-creating a bucket the tenant owns: 409 BucketAlreadyOwnedByYou', async () => {
      expect((await gateway().send({ method: 'PUT', path: '/mine' })).status).toBe(200);
      const res = await gateway().send({ method: 'PUT', path: '/mine' });
      expect(res.status).toBe(409);
      const body = await res.text();
      expect(body).toContain('<Code>BucketAlreadyOwnedByYou</Code>');
      expect(body).toContain(
        '<Message>Your previous request to create the named bucket succeeded and you already own it.</Message>',
      );
      expect(body).toContain('<BucketName>mine</BucketName>');
    });

    it('a name another tenant owns: 409 BucketAlreadyExists', async () => {
      expect((await gateway().send({ method: 'PUT', path: '/taken' })).status).toBe(200);
      const res = await gateway().send({ method: 'PUT', path: '/taken', key: OTHER });
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toBe('BucketAlreadyExists');
    });
  });
}
