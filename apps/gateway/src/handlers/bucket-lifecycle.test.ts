import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, md5b64, useTestGateway } from '../testing/test-gateway.js';

// Lifecycle configurations as a client meets them: Put/Get/DeleteBucketLifecycleConfiguration
// with S3's checks and errors (nothing changes on a refused document), and `x-amz-expiration`
// on the answers about objects a rule will expire. Both metastores.

const postgres = await usePostgresTestDatabase();
const DAY = 86_400_000;
const OTHER = {
  accessKeyId: 'OTHERKEY000000000001',
  secretAccessKey: 'OTHERKEY000000000001-secret-0123456789',
  scope: { owner: 'canon-other', tenant: 'other' },
};

const config = (...rules: string[]) =>
  `<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules.join('')}</LifecycleConfiguration>`;
const LOGS =
  '<Rule><ID>expire logs</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>' +
  '<Expiration><Days>3</Days></Expiration></Rule>';
const UPLOADS =
  '<Rule><ID>uploads</ID><Filter></Filter><Status>Enabled</Status>' +
  '<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>';

/** The day boundary `days` + 1 days after the start of `date`'s UTC day (S3's rounding). */
function expiryDay(date: Date, days: number): string {
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(start + (days + 1) * DAY).toUTCString();
}

for (const dialect of TEST_DIALECTS) {
  describe(`bucket lifecycle on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres, keys: [OTHER] });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const putLifecycle = (body: string, headers: Record<string, string> = {}) =>
      send({
        method: 'PUT',
        path: '/logs-bucket',
        query: { lifecycle: '' },
        headers: { 'content-md5': md5b64(body), ...headers },
        body,
      });
    const getLifecycle = () => send({ path: '/logs-bucket', query: { lifecycle: '' } });

    it('round-trips the rules; NoSuchLifecycleConfiguration without; Delete answers 204', async () => {
      expect((await send({ method: 'PUT', path: '/logs-bucket' })).status).toBe(200);
      const none = await getLifecycle();
      expect([none.status, await errorCode(none)]).toEqual([404, 'NoSuchLifecycleConfiguration']);
      const put = await putLifecycle(config(LOGS, UPLOADS));
      expect(put.status).toBe(200);
      expect(put.headers.get('x-amz-transition-default-minimum-object-size')).toBe(
        'all_storage_classes_128K',
      );
      const got = await getLifecycle();
      expect(got.status).toBe(200);
      const text = await got.text();
      expect(text).toContain(
        '<Rule><Expiration><Days>3</Days></Expiration><ID>expire logs</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status></Rule>',
      );
      expect(text).toContain('<ID>uploads</ID>');
      expect(text).toContain(
        '<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      );
      const deleted = await send({
        method: 'DELETE',
        path: '/logs-bucket',
        query: { lifecycle: '' },
      });
      expect(deleted.status).toBe(204);
      const gone = await getLifecycle();
      expect([gone.status, await errorCode(gone)]).toEqual([404, 'NoSuchLifecycleConfiguration']);
      const again = await send({
        method: 'DELETE',
        path: '/logs-bucket',
        query: { lifecycle: '' },
      });
      expect(again.status).toBe(204);
    });

    it("refuses bad documents with S3's errors and keeps the rules it had", async () => {
      expect((await send({ method: 'PUT', path: '/logs-bucket' })).status).toBe(200);
      expect((await putLifecycle(config(LOGS))).status).toBe(200);
      const before = await (await getLifecycle()).text();
      const cases: [string, number, string][] = [
        [config(), 400, 'MalformedXML'],
        [
          config(
            '<Rule><Filter/><Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>',
          ),
          400,
          'MalformedXML',
        ],
        [
          config(
            '<Rule><Filter/><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule>',
          ),
          400,
          'InvalidArgument',
        ],
        [config(LOGS, LOGS), 400, 'InvalidArgument'],
        [config('<Rule><Filter/><Status>Enabled</Status></Rule>'), 400, 'InvalidRequest'],
        [
          config(
            '<Rule><Filter/><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition></Rule>',
          ),
          501,
          'NotImplemented',
        ],
      ];
      for (const [body, status, code] of cases) {
        const res = await putLifecycle(body);
        expect([status, code], body).toEqual([res.status, await errorCode(res)]);
      }
      const unsigned = await send({
        method: 'PUT',
        path: '/logs-bucket',
        query: { lifecycle: '' },
        body: config(UPLOADS),
      });
      expect(unsigned.status).toBe(400);
      expect(await (await getLifecycle()).text()).toBe(before);
      const missing = await send({
        method: 'PUT',
        path: '/no-such-bucket',
        query: { lifecycle: '' },
        headers: { 'content-md5': md5b64(config(LOGS)) },
        body: config(LOGS),
      });
      expect([missing.status, await errorCode(missing)]).toEqual([404, 'NoSuchBucket']);
    });

    it('tells when a rule will expire an object: x-amz-expiration on PUT, HEAD and GET', async () => {
      expect((await send({ method: 'PUT', path: '/logs-bucket' })).status).toBe(200);
      const plain = await send({ method: 'PUT', path: '/logs-bucket/logs/a', body: 'abc' });
      expect(plain.headers.get('x-amz-expiration')).toBeNull();
      expect((await putLifecycle(config(LOGS))).status).toBe(200);

      const put = await send({ method: 'PUT', path: '/logs-bucket/logs/b', body: 'abc' });
      const head = await send({ method: 'HEAD', path: '/logs-bucket/logs/b' });
      const expected = `expiry-date="${expiryDay(new Date(head.headers.get('last-modified')!), 3)}", rule-id="expire%20logs"`;
      expect(put.headers.get('x-amz-expiration')).toBe(expected);
      expect(head.headers.get('x-amz-expiration')).toBe(expected);
      const get = await send({ path: '/logs-bucket/logs/b' });
      expect([get.status, get.headers.get('x-amz-expiration'), await get.text()]).toEqual([
        200,
        expected,
        'abc',
      ]);
      // Written before the rule: it applies to existing objects too.
      const older = await send({ method: 'HEAD', path: '/logs-bucket/logs/a' });
      expect(older.headers.get('x-amz-expiration')).toMatch(
        /^expiry-date=".+ GMT", rule-id="expire%20logs"$/,
      );
      const other = await send({ method: 'PUT', path: '/logs-bucket/data/c', body: 'abc' });
      expect(other.headers.get('x-amz-expiration')).toBeNull();

      expect(
        (await send({ method: 'DELETE', path: '/logs-bucket', query: { lifecycle: '' } })).status,
      ).toBe(204);
      const after = await send({ method: 'HEAD', path: '/logs-bucket/logs/b' });
      expect(after.headers.get('x-amz-expiration')).toBeNull();
    });

    it('tells when a rule will abort an upload: x-amz-abort-date on CreateMultipartUpload and ListParts', async () => {
      expect((await send({ method: 'PUT', path: '/logs-bucket' })).status).toBe(200);
      const before = await send({
        method: 'POST',
        path: '/logs-bucket/big',
        query: { uploads: '' },
      });
      expect(before.headers.get('x-amz-abort-date')).toBeNull();
      expect((await putLifecycle(config(LOGS, UPLOADS))).status).toBe(200);
      const started = new Date();
      const res = await send({ method: 'POST', path: '/logs-bucket/big', query: { uploads: '' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amz-abort-rule-id')).toBe('uploads');
      const date = res.headers.get('x-amz-abort-date');
      expect([expiryDay(started, 7), expiryDay(new Date(), 7)]).toContain(date);
      // ListParts says the same of the upload, counted from when it was created.
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await res.text())![1]!;
      const parts = await send({ path: '/logs-bucket/big', query: { uploadId } });
      expect(parts.status).toBe(200);
      expect(parts.headers.get('x-amz-abort-date')).toBe(date);
      expect(parts.headers.get('x-amz-abort-rule-id')).toBe('uploads');
      const earlier = /<UploadId>([^<]+)<\/UploadId>/.exec(await before.text())![1]!;
      const old = await send({ path: '/logs-bucket/big', query: { uploadId: earlier } });
      // Created before the rule, it is aborted by it all the same.
      expect(old.headers.get('x-amz-abort-rule-id')).toBe('uploads');
    });

    it('needs the bucket owner: another tenant gets AccessDenied and nothing changes', async () => {
      expect((await send({ method: 'PUT', path: '/logs-bucket' })).status).toBe(200);
      const body = config(LOGS);
      const res = await send({
        method: 'PUT',
        path: '/logs-bucket',
        query: { lifecycle: '' },
        headers: { 'content-md5': md5b64(body) },
        body,
        key: OTHER,
      });
      expect([res.status, await errorCode(res)]).toEqual([403, 'AccessDenied']);
      const none = await getLifecycle();
      expect(await errorCode(none)).toBe('NoSuchLifecycleConfiguration');
    });
  });
}
