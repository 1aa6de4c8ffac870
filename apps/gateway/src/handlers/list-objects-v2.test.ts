import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { useTestGateway } from '../testing/test-gateway.js';

// A continuation token is opaque and S3 checks it: an empty `continuation-token=` is not "no
// token" but a token S3 did not issue, 400 InvalidArgument "The continuation token provided is
// incorrect" naming the argument (what AWS answers boto3's `ContinuationToken=''`; minio/minio
// #5931). On both metastores.

const postgres = await usePostgresTestDatabase();

const INCORRECT =
  '<Code>InvalidArgument</Code><Message>The continuation token provided is incorrect</Message><ArgumentName>continuation-token</ArgumentName>';

for (const dialect of TEST_DIALECTS) {
  describe(`ListObjectsV2 continuation tokens on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });

    async function list(query: Record<string, string>): Promise<Response> {
      await gateway().send({ method: 'PUT', path: '/tokens' });
      await gateway().send({ method: 'PUT', path: '/tokens/a', body: 'a' });
      return gateway().send({ path: '/tokens', query: { 'list-type': '2', ...query } });
    }

    it('an empty continuation-token: 400 InvalidArgument, no listing', async () => {
      const res = await list({ 'continuation-token': '' });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain(INCORRECT);
      expect(body).not.toContain('ListBucketResult');
    });

    it('a token the gateway did not issue: 400 InvalidArgument', async () => {
      const res = await list({ 'continuation-token': 'bm90LWEtdG9rZW4' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(INCORRECT);
    });

    it('no continuation-token at all lists from the start', async () => {
      const res = await list({});
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('<Key>a</Key>');
      expect(body).not.toContain('<ContinuationToken>');
    });
  });
}
