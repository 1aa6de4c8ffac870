import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { useTestGateway, type TestRequest } from '../testing/test-gateway.js';

// HeadBucket names the bucket's region "regardless of the permissions on the bucket" (S3 API
// reference): `x-amz-bucket-region` on 200, on every 403 (another tenant's key, a wrong
// secret, no signature) and on the body-less 400 of a request signed for the wrong region,
// which the SDKs read to re-sign (botocore's S3RegionRedirector). Never on 404. The region is
// the gateway's configured one. On both metastores.

const postgres = await usePostgresTestDatabase();

const REGION = 'eu-west-1';
const OTHER = {
  accessKeyId: 'OTHERKEY000000000001',
  secretAccessKey: 'other-secret-0123456789',
  scope: { owner: 'other-tenant-id' },
};

for (const dialect of TEST_DIALECTS) {
  describe(`HeadBucket on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres, region: REGION, keys: [OTHER] });

    async function head(extra: Partial<TestRequest> = {}): Promise<Response> {
      expect((await gateway().send({ method: 'PUT', path: '/regional' })).status).toBe(200);
      return gateway().send({ method: 'HEAD', path: '/regional', ...extra });
    }

    it('200: the configured region, not an access point alias, no body', async () => {
      const res = await head();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amz-bucket-region')).toBe(REGION);
      expect(res.headers.get('x-amz-access-point-alias')).toBe('false');
      expect(await res.text()).toBe('');
    });

    it("403 for another tenant's key: the region still", async () => {
      const res = await head({ key: OTHER });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amz-bucket-region')).toBe(REGION);
      expect(await res.text()).toBe('');
    });

    it('403 for a wrong secret: the region still', async () => {
      const res = await head({ secret: 'not-the-right-secret-0000' });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amz-bucket-region')).toBe(REGION);
    });

    it('403 for an unsigned request: the region still', async () => {
      const res = await head({ unsigned: true });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amz-bucket-region')).toBe(REGION);
    });

    it('400 for a request signed for another region: the region to re-sign for', async () => {
      const res = await head({ region: 'us-east-1' });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amz-bucket-region')).toBe(REGION);
      expect(await res.text()).toBe('');
    });

    it('404 for a missing bucket: no region', async () => {
      const res = await gateway().send({ method: 'HEAD', path: '/no-such-bucket' });
      expect(res.status).toBe(404);
      expect(res.headers.get('x-amz-bucket-region')).toBeNull();
    });

    it('only HeadBucket: a HEAD of an object and a GET of the bucket carry no region', async () => {
      await gateway().send({ method: 'PUT', path: '/regional' });
      await gateway().send({ method: 'PUT', path: '/regional/k', body: 'x' });
      const object = await gateway().send({ method: 'HEAD', path: '/regional/k', key: OTHER });
      expect(object.status).toBe(403);
      expect(object.headers.get('x-amz-bucket-region')).toBeNull();
      const list = await gateway().send({ path: '/regional', key: OTHER });
      expect(list.status).toBe(403);
      expect(list.headers.get('x-amz-bucket-region')).toBeNull();
    });
  });
}
