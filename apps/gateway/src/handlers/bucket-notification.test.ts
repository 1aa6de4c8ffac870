import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, useTestGateway } from '../testing/test-gateway.js';

// Notification configurations as a client meets them: Put/GetBucketNotificationConfiguration
// with S3's checks and errors (nothing changes on a refused document), and the event a write
// then leaves in the outbox, naming who made it from where. Both metastores.

const postgres = await usePostgresTestDatabase();
const ARN = 'arn:strata:sqs::hooks:webhook';
const OTHER_KEY = {
  accessKeyId: 'OTHERKEY000000000001',
  secretAccessKey: 'OTHERKEY000000000001-secret-0123456789',
  scope: { owner: 'canon-other', tenant: 'other' },
};

const config = (...body: string[]) =>
  `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body.join('')}</NotificationConfiguration>`;
const queue = (id: string, events: string[], arn = ARN, filter = '') =>
  `<QueueConfiguration><Id>${id}</Id><Queue>${arn}</Queue>${events.map((e) => `<Event>${e}</Event>`).join('')}${filter}</QueueConfiguration>`;
const prefix = (value: string) =>
  `<Filter><S3Key><FilterRule><Name>prefix</Name><Value>${value}</Value></FilterRule></S3Key></Filter>`;

for (const dialect of TEST_DIALECTS) {
  describe(`bucket notifications on ${dialect}`, () => {
    const gateway = useTestGateway({
      dialect,
      postgres,
      keys: [OTHER_KEY],
      notificationTarget: (arn) => (arn === ARN ? 'hooks' : undefined),
    });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const put = (body: string) =>
      send({ method: 'PUT', path: '/events', query: { notification: '' }, body });
    const get = () => send({ path: '/events', query: { notification: '' } });

    it('answers an empty configuration, round-trips one, and removes it with an empty one', async () => {
      expect((await send({ method: 'PUT', path: '/events' })).status).toBe(200);
      const none = await get();
      expect(none.status).toBe(200);
      expect(await none.text()).toContain(
        '<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></NotificationConfiguration>',
      );
      const body = config(
        queue('logs', ['s3:ObjectCreated:*'], ARN, prefix('logs/')),
        queue('gone', ['s3:ObjectRemoved:Delete']),
      );
      expect((await put(body)).status).toBe(200);
      const got = await (await get()).text();
      expect(got).toContain(
        '<QueueConfiguration><Id>logs</Id><Queue>arn:strata:sqs::hooks:webhook</Queue><Event>s3:ObjectCreated:*</Event>' +
          '<Filter><S3Key><FilterRule><Name>Prefix</Name><Value>logs/</Value></FilterRule></S3Key></Filter></QueueConfiguration>' +
          '<QueueConfiguration><Id>gone</Id><Queue>arn:strata:sqs::hooks:webhook</Queue><Event>s3:ObjectRemoved:Delete</Event></QueueConfiguration>',
      );
      expect((await put(config())).status).toBe(200);
      expect(await (await get()).text()).not.toContain('QueueConfiguration');
    });

    it('refuses bad documents with S3 errors and keeps the configuration it had', async () => {
      expect((await send({ method: 'PUT', path: '/events' })).status).toBe(200);
      expect((await put(config(queue('keep', ['s3:ObjectCreated:Put'])))).status).toBe(200);
      const cases: [string, number, string][] = [
        [
          config(queue('a', ['s3:ObjectCreated:Put'], 'arn:strata:sqs::nobody:webhook')),
          400,
          'InvalidArgument',
        ],
        [config(queue('a', ['s3:Nothing:*'])), 400, 'InvalidArgument'],
        [
          config(queue('a', ['s3:ObjectCreated:*']), queue('b', ['s3:ObjectCreated:Put'])),
          400,
          'InvalidArgument',
        ],
        [config(queue('a', ['s3:ObjectRestore:*'])), 501, 'NotImplemented'],
        [config('<EventBridgeConfiguration/>'), 501, 'NotImplemented'],
        [config('<QueueConfiguration><Queue>x</Queue></QueueConfiguration>'), 400, 'MalformedXML'],
      ];
      for (const [body, status, code] of cases) {
        const res = await put(body);
        expect([res.status, await errorCode(res)]).toEqual([status, code]);
      }
      expect(await (await get()).text()).toContain('<Id>keep</Id>');
      const missing = await send({
        method: 'PUT',
        path: '/nobucket',
        query: { notification: '' },
        body: config(),
      });
      expect([missing.status, await errorCode(missing)]).toEqual([404, 'NoSuchBucket']);
    });

    it("is the bucket owner's alone to read and change", async () => {
      expect((await send({ method: 'PUT', path: '/events' })).status).toBe(200);
      for (const method of ['GET', 'PUT'] as const) {
        const res = await send({
          method,
          path: '/events',
          query: { notification: '' },
          key: OTHER_KEY,
          ...(method === 'PUT' ? { body: config() } : {}),
        });
        expect([res.status, await errorCode(res)]).toEqual([403, 'AccessDenied']);
      }
    });

    it('leaves an event in the outbox for a matching write, naming its request, caller and address', async () => {
      const { store } = gateway();
      expect((await send({ method: 'PUT', path: '/events' })).status).toBe(200);
      expect(
        (await put(config(queue('logs', ['s3:ObjectCreated:*'], ARN, prefix('logs/'))))).status,
      ).toBe(200);
      const written = await send({ method: 'PUT', path: '/events/logs/a.txt', body: 'hello' });
      expect(written.status).toBe(200);
      expect((await send({ method: 'PUT', path: '/events/other.txt', body: 'x' })).status).toBe(
        200,
      );
      const [event, ...rest] = await store.outbox.claim(new Date(), 10, 60_000);
      expect(rest).toEqual([]);
      expect(event).toMatchObject({
        bucket: 'events',
        key: 'logs/a.txt',
        event: 's3:ObjectCreated:Put',
      });
      expect(event?.payload).toMatchObject({
        target: 'hooks',
        record: {
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'AWS:owner-id' },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          responseElements: { 'x-amz-request-id': written.headers.get('x-amz-request-id') },
          s3: {
            configurationId: 'logs',
            bucket: { name: 'events' },
            object: {
              key: 'logs/a.txt',
              size: 5,
              eTag: written.headers.get('etag')?.replaceAll('"', ''),
            },
          },
        },
      });
    });
  });
}
