import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, md5b64, useTestGateway } from '../testing/test-gateway.js';

// CORS as a browser meets it: rules set with PutBucketCors, preflights answered without
// credentials from the first matching rule or refused with S3's errors, and Access-Control-*
// headers on the answers (errors included) to requests that carry an Origin. Both metastores.

const postgres = await usePostgresTestDatabase();

const rule = (inner: string) => `<CORSRule>${inner}</CORSRule>`;
const config = (...rules: string[]) => `<CORSConfiguration>${rules.join('')}</CORSConfiguration>`;
const UPLOADS = rule(
  '<ID>uploads</ID><AllowedOrigin>https://*.example.com</AllowedOrigin>' +
    '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>' +
    '<AllowedHeader>content-*</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader>' +
    '<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>',
);
const PUBLIC_READ = rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>');

for (const dialect of TEST_DIALECTS) {
  describe(`CORS on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const putCors = (body: string) =>
      send({
        method: 'PUT',
        path: '/site',
        query: { cors: '' },
        headers: { 'content-md5': md5b64(body) },
        body,
      });
    const preflight = (path: string, headers: Record<string, string>) =>
      send({ method: 'OPTIONS', path, unsigned: true, headers });
    const setUp = async () => {
      expect((await send({ method: 'PUT', path: '/site' })).status).toBe(200);
      expect((await putCors(config(UPLOADS, PUBLIC_READ))).status).toBe(200);
    };

    it('Put/Get/DeleteBucketCors round-trip the rules; NoSuchCORSConfiguration without', async () => {
      expect((await send({ method: 'PUT', path: '/site' })).status).toBe(200);
      const none = await send({ path: '/site', query: { cors: '' } });
      expect([none.status, await errorCode(none)]).toEqual([404, 'NoSuchCORSConfiguration']);
      expect((await putCors(config(UPLOADS, PUBLIC_READ))).status).toBe(200);
      const got = await (await send({ path: '/site', query: { cors: '' } })).text();
      expect(got).toContain(
        '<CORSRule><ID>uploads</ID><AllowedHeader>content-*</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedOrigin>https://*.example.com</AllowedOrigin><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>',
      );
      expect(got).toContain(
        '<CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule>',
      );
      expect((await send({ method: 'DELETE', path: '/site', query: { cors: '' } })).status).toBe(
        204,
      );
      const gone = await send({ path: '/site', query: { cors: '' } });
      expect([gone.status, await errorCode(gone)]).toEqual([404, 'NoSuchCORSConfiguration']);
    });

    it("refuses bad configurations with S3's errors and keeps the old rules", async () => {
      await setUp();
      const many = config(...Array.from({ length: 101 }, () => PUBLIC_READ));
      const cases: [string, string, string][] = [
        [
          config(rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>')),
          'InvalidRequest',
          'Unsupported method is PATCH',
        ],
        [
          config(
            rule(
              '<AllowedOrigin>https://*.*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod>',
            ),
          ),
          'InvalidRequest',
          'can not have more than one wildcard',
        ],
        [
          config(
            rule(
              '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>a*b*</AllowedHeader>',
            ),
          ),
          'InvalidRequest',
          'AllowedHeader',
        ],
        [many, 'InvalidRequest', 'limit of 100 rules'],
        [config(rule('<AllowedOrigin>*</AllowedOrigin>')), 'MalformedXML', ''],
        ['<CORSConfiguration/>', 'MalformedXML', ''],
      ];
      for (const [body, code, message] of cases) {
        const res = await putCors(body);
        const text = await res.text();
        expect([res.status, /<Code>([^<]+)/.exec(text)?.[1]], body.slice(0, 80)).toEqual([
          400,
          code,
        ]);
        expect(text).toContain(message);
      }
      const unchecked = await send({
        method: 'PUT',
        path: '/site',
        query: { cors: '' },
        body: config(PUBLIC_READ),
      });
      expect([unchecked.status, await errorCode(unchecked)]).toEqual([400, 'InvalidRequest']);
      expect(await (await send({ path: '/site', query: { cors: '' } })).text()).toContain(
        '<ID>uploads</ID>',
      );
    });

    it('answers a preflight without credentials from the first matching rule', async () => {
      await setUp();
      const res = await preflight('/site/photo.jpg', {
        origin: 'https://app.example.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'Content-Type, X-Amz-Date',
      });
      expect(res.status).toBe(200);
      expect(
        Object.fromEntries(
          [...res.headers].filter(([name]) => name.startsWith('access-control') || name === 'vary'),
        ),
      ).toEqual({
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-methods': 'PUT, GET',
        'access-control-allow-headers': 'content-type, x-amz-date',
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'ETag',
        'access-control-max-age': '600',
        vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
      });
      expect(res.headers.get('x-amz-request-id')).toBeTruthy();
      // Any origin may GET: the wildcard rule answers `*`, without credentials.
      const open = await preflight('/site', {
        origin: 'http://elsewhere.test',
        'access-control-request-method': 'GET',
      });
      expect(open.status).toBe(200);
      expect(open.headers.get('access-control-allow-origin')).toBe('*');
      expect(open.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it("refuses preflights no rule allows, and malformed ones, with S3's errors", async () => {
      await setUp();
      const refused: [string, Record<string, string>, number, string, string][] = [
        [
          '/site/k',
          { origin: 'http://app.example.com', 'access-control-request-method': 'PUT' },
          403,
          'AccessForbidden',
          'This CORS request is not allowed',
        ],
        [
          '/site/k',
          { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' },
          403,
          'AccessForbidden',
          '<ResourceType>OBJECT</ResourceType>',
        ],
        [
          '/site/k',
          {
            origin: 'https://app.example.com',
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'authorization',
          },
          403,
          'AccessForbidden',
          '<Method>PUT</Method>',
        ],
        [
          '/site/k',
          {
            origin: 'HTTPS://app.example.com',
            'access-control-request-method': 'PUT',
          },
          403,
          'AccessForbidden',
          '',
        ],
        [
          '/site/k',
          { 'access-control-request-method': 'GET' },
          400,
          'BadRequest',
          'Origin request header needed',
        ],
        [
          '/site/k',
          { origin: 'https://app.example.com' },
          400,
          'BadRequest',
          'Access-Control-Request-Method',
        ],
        [
          '/nobucket/k',
          { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
          404,
          'NoSuchBucket',
          '',
        ],
      ];
      for (const [path, headers, status, code, detail] of refused) {
        const res = await preflight(path, headers);
        const text = await res.text();
        expect([res.status, /<Code>([^<]+)/.exec(text)?.[1]], JSON.stringify(headers)).toEqual([
          status,
          code,
        ]);
        expect(text).toContain(detail);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
      await send({ method: 'PUT', path: '/plain' });
      const disabled = await preflight('/plain', {
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
      });
      const text = await disabled.text();
      expect([disabled.status, /<Code>([^<]+)/.exec(text)?.[1]]).toEqual([403, 'AccessForbidden']);
      expect(text).toContain('CORS is not enabled for this bucket.');
      expect(text).toContain('<ResourceType>BUCKET</ResourceType>');
    });

    it("adds the matching rule's headers to answers, errors included, and only for an allowed origin", async () => {
      await setUp();
      const origin = { origin: 'https://app.example.com' };
      const put = await send({ method: 'PUT', path: '/site/a.txt', body: 'hi', headers: origin });
      expect(put.status).toBe(200);
      expect(put.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(put.headers.get('access-control-expose-headers')).toBe('ETag');
      const missing = await send({ path: '/site/missing', headers: origin });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(missing.headers.get('vary')).toContain('Origin');
      const anyone = await send({ path: '/site/a.txt', headers: { origin: 'http://other.test' } });
      expect(anyone.headers.get('access-control-allow-origin')).toBe('*');
      const notAllowed = await send({
        method: 'DELETE',
        path: '/site/a.txt',
        headers: { origin: 'http://other.test' },
      });
      expect(notAllowed.status).toBe(204);
      expect(notAllowed.headers.get('access-control-allow-origin')).toBeNull();
      const noOrigin = await send({ path: '/site/missing' });
      expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
}
