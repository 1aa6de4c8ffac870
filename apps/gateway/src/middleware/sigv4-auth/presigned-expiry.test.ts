import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { Sha256 } from '@strata/sigv4-verify/testing';
import { TEST_KEY, useTestGateway } from '../../testing/test-gateway.js';

// A presigned URL's `X-Amz-Expires` as AWS checks it, seen by a client fetching the URL: 1 to
// 604800 seconds; past its time, 403 AccessDenied "Request has expired" (with the URL's
// X-Amz-Expires, when it expired and the server's time); zero is valid for no time at all
// (403, ceph/s3-tests test_object_raw_get_x_amz_expires_out_range_zero); more than a week,
// negative or not a number, 400 AuthorizationQueryParametersError with AWS's messages (as AWS
// error bodies quote them). On both metastores.

const postgres = await usePostgresTestDatabase();

const signer = new SignatureV4({
  service: 's3',
  region: 'us-east-1',
  credentials: TEST_KEY,
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});

/** The query of a presigned GET of `/exp/k`, signed at `date` for `expiresIn` seconds. */
async function presign(expiresIn: number, date = new Date()): Promise<Record<string, string>> {
  const signed = await signer.presign(
    new HttpRequest({
      method: 'GET',
      protocol: 'http:',
      hostname: 'localhost',
      port: 9000,
      path: '/exp/k',
      headers: { host: 'localhost:9000' },
    }),
    { signingDate: date, expiresIn },
  );
  return Object.fromEntries(
    Object.entries(signed.query ?? {}).map(([name, value]) => [name, String(value ?? '')]),
  );
}

const A_WEEK =
  'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';

for (const dialect of TEST_DIALECTS) {
  describe(`presigned URL expiry on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });

    async function fetchUrl(query: Record<string, string>): Promise<Response> {
      await gateway().send({ method: 'PUT', path: '/exp' });
      await gateway().send({ method: 'PUT', path: '/exp/k', body: 'payload' });
      return gateway().send({
        path: '/exp/k',
        query,
        headers: { host: 'localhost:9000' },
        unsigned: true,
      });
    }

    it('valid for a week: 200 with the object', async () => {
      const res = await fetchUrl(await presign(604_800));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('payload');
    });

    it('past its time: 403 AccessDenied "Request has expired", saying when', async () => {
      const res = await fetchUrl(await presign(60, new Date('2026-01-01T00:00:00Z')));
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
      expect(body).toContain('<X-Amz-Expires>60</X-Amz-Expires>');
      expect(body).toContain('<Expires>2026-01-01T00:01:00Z</Expires>');
      expect(body).toMatch(/<ServerTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/ServerTime>/);
    });

    it('valid for zero seconds: 403 AccessDenied "Request has expired" at once', async () => {
      const res = await fetchUrl(await presign(0));
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
      expect(body).toContain('<X-Amz-Expires>0</X-Amz-Expires>');
    });

    // Signers refuse to make these URLs, so the value is replaced after signing; the parameter
    // is checked before the signature, so the answer is about it, not SignatureDoesNotMatch.
    it.each([
      ['a second more than a week', '604801', A_WEEK],
      ['a year', '31536000', A_WEEK],
      ['negative', '-1', 'X-Amz-Expires must be non-negative'],
      ['not a number', 'soon', 'X-Amz-Expires should be a number'],
      ['a fraction', '1.5', 'X-Amz-Expires should be a number'],
      ['empty', '', 'X-Amz-Expires should be a number'],
    ])('%s (%j): 400 AuthorizationQueryParametersError', async (_why, expires, message) => {
      const res = await fetchUrl({ ...(await presign(900)), 'X-Amz-Expires': expires });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(
        `<Code>AuthorizationQueryParametersError</Code><Message>${message}</Message>`,
      );
    });
  });
}
