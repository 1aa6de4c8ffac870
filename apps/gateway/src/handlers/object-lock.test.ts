import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import {
  blobFiles,
  errorCode,
  md5b64,
  postFormRequest,
  useTestGateway,
} from '../testing/test-gateway.js';

// Object Lock over HTTP: the headers a write names and a read answers, the XML calls with the
// integrity check S3 requires, and the errors S3 answers before anything is stored. On both
// metastores (PostgreSQL through the latency proxy).

const postgres = await usePostgresTestDatabase();

const future = (days: number) => new Date(Date.now() + days * 86_400_000);
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

for (const dialect of TEST_DIALECTS) {
  describe(`object lock on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const lockedBucket = async () => {
      const res = await send({
        method: 'PUT',
        path: '/vault',
        headers: { 'x-amz-bucket-object-lock-enabled': 'True' },
      });
      expect(res.status).toBe(200);
    };
    const xmlPut = (path: string, query: Record<string, string>, body: string, headers = {}) =>
      send({
        method: 'PUT',
        path,
        query,
        body,
        headers: { 'content-md5': md5b64(body), ...headers },
      });

    it('stores the lock a PUT names and answers it on GET and HEAD', async () => {
      await lockedBucket();
      const until = future(3);
      const put = await send({
        method: 'PUT',
        path: '/vault/doc',
        body: 'signed',
        headers: {
          'content-md5': md5b64('signed'),
          'x-amz-object-lock-mode': 'GOVERNANCE',
          'x-amz-object-lock-retain-until-date': iso(until),
          'x-amz-object-lock-legal-hold': 'ON',
        },
      });
      expect(put.status).toBe(200);
      const versionId = put.headers.get('x-amz-version-id')!;
      for (const method of ['GET', 'HEAD']) {
        const res = await send({ method, path: '/vault/doc' });
        expect(res.headers.get('x-amz-object-lock-mode')).toBe('GOVERNANCE');
        expect(res.headers.get('x-amz-object-lock-retain-until-date')).toBe(
          new Date(iso(until)).toISOString(),
        );
        expect(res.headers.get('x-amz-object-lock-legal-hold')).toBe('ON');
      }
      const retention = await send({ path: '/vault/doc', query: { retention: '', versionId } });
      expect(await retention.text()).toContain('<Mode>GOVERNANCE</Mode>');
      const hold = await send({ path: '/vault/doc', query: { 'legal-hold': '' } });
      expect(await hold.text()).toContain('<Status>ON</Status>');
      // Held: not even the bypass deletes it.
      const denied = await send({
        method: 'DELETE',
        path: '/vault/doc',
        query: { versionId },
        headers: { 'x-amz-bypass-governance-retention': 'true' },
      });
      expect(denied.status).toBe(403);
      expect(await errorCode(denied)).toBe('AccessDenied');
      const off = '<LegalHold><Status>OFF</Status></LegalHold>';
      expect((await xmlPut('/vault/doc', { 'legal-hold': '' }, off)).status).toBe(200);
      const governed = await send({ method: 'DELETE', path: '/vault/doc', query: { versionId } });
      expect(await errorCode(governed)).toBe('AccessDenied');
      const bypassed = await send({
        method: 'DELETE',
        path: '/vault/doc',
        query: { versionId },
        headers: { 'x-amz-bypass-governance-retention': 'TRUE' },
      });
      expect(bypassed.status).toBe(204);
    });

    it('refuses bad lock headers, and lock headers without an integrity check, before any byte', async () => {
      await lockedBucket();
      const cases: [Record<string, string>, string][] = [
        [
          {
            'x-amz-object-lock-mode': 'governance',
            'x-amz-object-lock-retain-until-date': iso(future(1)),
          },
          'InvalidArgument',
        ],
        [
          {
            'x-amz-object-lock-mode': 'COMPLIANCE',
            'x-amz-object-lock-retain-until-date': 'tomorrow',
          },
          'InvalidArgument',
        ],
        [{ 'x-amz-object-lock-legal-hold': 'yes' }, 'InvalidArgument'],
        [{ 'x-amz-object-lock-mode': 'COMPLIANCE' }, 'InvalidArgument'],
        [
          {
            'x-amz-object-lock-mode': 'COMPLIANCE',
            'x-amz-object-lock-retain-until-date': iso(new Date(Date.now() - 60_000)),
          },
          'InvalidArgument',
        ],
      ];
      for (const [headers, code] of cases) {
        const res = await send({
          method: 'PUT',
          path: '/vault/bad',
          body: 'x',
          headers: { 'content-md5': md5b64('x'), ...headers },
        });
        expect([res.status, await errorCode(res)]).toEqual([400, code]);
      }
      const unchecked = await send({
        method: 'PUT',
        path: '/vault/bad',
        body: 'x',
        headers: { 'x-amz-object-lock-legal-hold': 'ON' },
      });
      expect([unchecked.status, await errorCode(unchecked)]).toEqual([400, 'InvalidRequest']);
      expect(await blobFiles(gateway())).toEqual([]);
    });

    it('sets a default retention, refused without an integrity check or on an unlocked bucket', async () => {
      await lockedBucket();
      const config =
        '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule>' +
        '<DefaultRetention><Mode>COMPLIANCE</Mode><Days>2</Days></DefaultRetention></Rule>' +
        '</ObjectLockConfiguration>';
      const unchecked = await send({
        method: 'PUT',
        path: '/vault',
        query: { 'object-lock': '' },
        body: config,
      });
      expect(await errorCode(unchecked)).toBe('InvalidRequest');
      expect((await xmlPut('/vault', { 'object-lock': '' }, config)).status).toBe(200);
      const got = await send({ path: '/vault', query: { 'object-lock': '' } });
      expect(await got.text()).toContain(
        '<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>2</Days></DefaultRetention></Rule>',
      );
      const put = await send({ method: 'PUT', path: '/vault/auto', body: 'x' });
      expect(put.status).toBe(200);
      const head = await send({ method: 'HEAD', path: '/vault/auto' });
      expect(head.headers.get('x-amz-object-lock-mode')).toBe('COMPLIANCE');
      const zero = config.replace('<Days>2</Days>', '<Days>0</Days>');
      expect(await errorCode(await xmlPut('/vault', { 'object-lock': '' }, zero))).toBe(
        'InvalidRetentionPeriod',
      );

      expect((await send({ method: 'PUT', path: '/plain' })).status).toBe(200);
      const missing = await send({ path: '/plain', query: { 'object-lock': '' } });
      expect([missing.status, await errorCode(missing)]).toEqual([
        404,
        'ObjectLockConfigurationNotFoundError',
      ]);
      const unversioned = await xmlPut('/plain', { 'object-lock': '' }, config);
      expect([unversioned.status, await errorCode(unversioned)]).toEqual([
        409,
        'InvalidBucketState',
      ]);
    });

    it("a browser form's Object Lock fields lock the version; bad ones store nothing", async () => {
      await lockedBucket();
      const post = (key: string, lock: [string, string][]) =>
        send(postFormRequest('vault', key, lock));
      const until = future(2);
      const posted = await post('form-locked', [
        ['x-amz-object-lock-mode', 'COMPLIANCE'],
        ['x-amz-object-lock-retain-until-date', iso(until)],
        ['x-amz-object-lock-legal-hold', 'ON'],
      ]);
      expect(posted.status).toBe(204);
      const versionId = posted.headers.get('x-amz-version-id')!;
      const head = await send({ method: 'HEAD', path: '/vault/form-locked' });
      expect(head.headers.get('x-amz-object-lock-mode')).toBe('COMPLIANCE');
      expect(head.headers.get('x-amz-object-lock-retain-until-date')).toBe(
        new Date(iso(until)).toISOString(),
      );
      expect(head.headers.get('x-amz-object-lock-legal-hold')).toBe('ON');
      const del = await send({
        method: 'DELETE',
        path: '/vault/form-locked',
        query: { versionId },
      });
      expect([del.status, await errorCode(del)]).toEqual([403, 'AccessDenied']);

      const bad = await post('form-bad', [['x-amz-object-lock-mode', 'FOREVER']]);
      expect([bad.status, await errorCode(bad)]).toEqual([400, 'InvalidArgument']);
      expect((await send({ method: 'HEAD', path: '/vault/form-bad' })).status).toBe(404);
    });
  });
}
