import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import type { ObjectLayer } from '@strata/object-layer';
import { describe, expect, it } from 'vitest';
import { createNotifier } from './notifier.js';
import { createLifecycleWorker } from './lifecycle-worker.js';
import { openLayerHarness } from './testing/layer-harness.js';

// The notifier against a real store of each dialect (PostgreSQL through the latency proxy), the
// object layer appending events as it commits, and a real HTTP receiver that fails and stalls
// on demand: every committed change arrives as an S3 event message, signed, exactly as S3 shapes
// it; failures are retried, then dead-lettered.

const postgres = await usePostgresTestDatabase();
const SECRET = 'receiver-secret';

/** The request body of PutBucketNotificationConfiguration, as the layer takes it. */
type NotificationConfigurationXml = Parameters<ObjectLayer['putBucketNotification']>[1];

/** The fields of an S3 event record the tests read. */
interface EventRecord {
  readonly eventName: string;
  readonly userIdentity: { readonly principalId: string };
  readonly s3: { readonly object: Record<string, unknown> & { readonly key: string } };
}

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A webhook receiver recording every request; `answer` may answer one itself (or leave it
 * stalled) and return true, else the answer is 200.
 */
async function openReceiver(answer: (n: number, res: ServerResponse) => boolean = () => false) {
  const received: Received[] = [];
  let calls = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      open.add(res);
      res.on('close', () => open.delete(res));
      if (!answer(calls++, res)) res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return {
    url,
    received,
    records: () =>
      received.map((r) => (JSON.parse(r.body) as { Records: EventRecord[] }).Records[0]!),
    async [Symbol.asyncDispose]() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const config = (
  events: string[],
  filter: { prefix?: string; suffix?: string } = {},
): NotificationConfigurationXml => ({
  eventBridge: false,
  destinations: [
    {
      kind: 'queue',
      id: 'cfg',
      arn: 'arn:strata:sqs::hooks:webhook',
      events,
      filterRules: Object.entries(filter).map(([name, value]) => ({ name, value })),
    },
  ],
});
const resolve = (arn: string) => (arn === 'arn:strata:sqs::hooks:webhook' ? 'hooks' : undefined);

describe.each(TEST_DIALECTS)('createNotifier (%s)', (dialect) => {
  const setup = (versioned = false) =>
    openLayerHarness(dialect, { backends: ['local'], bucket: 'bkt', postgres, versioned });

  it('delivers every kind of change as a signed S3 event message, in the shape S3 sends', async () => {
    await using t = await setup(true);
    await using receiver = await openReceiver();
    await t.layer.putBucketNotification(
      'bkt',
      { ...config(['s3:ObjectCreated:*', 's3:ObjectRemoved:*', 's3:ObjectTagging:*']) },
      resolve,
    );
    const origin = { requestId: 'REQ1', principalId: 'alice', sourceIp: '192.0.2.7' };
    const put = await t.put('dir/a b.txt', 'hello', { origin });
    await t.layer.copyObject({
      sourceBucket: 'bkt',
      sourceKey: 'dir/a b.txt',
      bucket: 'bkt',
      key: 'copy',
    });
    const upload = await t.layer.createMultipartUpload({
      bucket: 'bkt',
      key: 'mp',
      owner: 'alice',
    });
    const part = await t.layer.uploadPart({
      bucket: 'bkt',
      key: 'mp',
      uploadId: upload.uploadId,
      partNumber: 1,
      body: Readable.from([Buffer.from('part')]),
      contentLength: 4,
    });
    await t.layer.completeMultipartUpload({
      bucket: 'bkt',
      key: 'mp',
      uploadId: upload.uploadId,
      parts: [{ partNumber: 1, etag: part.etag }],
    });
    await t.layer.putObjectTagging({
      bucket: 'bkt',
      key: 'copy',
      tags: [{ key: 't', value: 'v' }],
    });
    await t.layer.deleteObjectTagging({ bucket: 'bkt', key: 'copy' });
    const marker = await t.layer.deleteObject({ bucket: 'bkt', key: 'copy' });
    await t.layer.deleteObject({
      bucket: 'bkt',
      key: 'mp',
      versionId: (await t.store.objects.get('bkt', 'mp'))!.versionId,
    });

    const notifier = createNotifier({
      store: t.store,
      targets: (name) => (name === 'hooks' ? { url: receiver.url, secret: SECRET } : undefined),
    });
    expect(await notifier.runOnce()).toMatchObject({ claimed: 7, delivered: 7, retried: 0 });
    await notifier.close();

    expect(
      receiver
        .records()
        .map((r) => `${r.eventName} ${r.s3.object.key}`)
        .sort(),
    ).toEqual(
      [
        'ObjectCreated:Put dir/a%20b.txt',
        'ObjectCreated:Copy copy',
        'ObjectCreated:CompleteMultipartUpload mp',
        'ObjectTagging:Put copy',
        'ObjectTagging:Delete copy',
        'ObjectRemoved:DeleteMarkerCreated copy',
        'ObjectRemoved:Delete mp',
      ].sort(),
    );
    const first = receiver.received.find((r) => r.body.includes('ObjectCreated:Put'))!;
    const mac = createHmac('sha256', SECRET).update(first.body).digest('hex');
    expect(first.headers['x-strata-signature-256']).toBe(`sha256=${mac}`);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['x-strata-event']).toBe('ObjectCreated:Put');
    expect(first.headers['x-strata-delivery']).toMatch(/^\d+$/);
    const record = (JSON.parse(first.body) as { Records: unknown[] }).Records[0];
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: put.lastModified.toISOString(),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'alice' },
      requestParameters: { sourceIPAddress: '192.0.2.7' },
      responseElements: { 'x-amz-request-id': 'REQ1', 'x-amz-id-2': 'REQ1' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'cfg',
        bucket: { name: 'bkt', ownerIdentity: { principalId: 'alice' }, arn: 'arn:aws:s3:::bkt' },
        object: {
          key: 'dir/a%20b.txt',
          size: 5,
          eTag: put.etag,
          versionId: put.versionId,
          sequencer: expect.stringMatching(/^[0-9A-F]{33}$/) as unknown,
        },
      },
    });
    const deleted = receiver
      .records()
      .find((r) => r.eventName === 'ObjectRemoved:DeleteMarkerCreated')!;
    expect(deleted.s3.object).toEqual({
      key: 'copy',
      versionId: marker.versionId,
      sequencer: expect.any(String) as unknown,
    });
    expect(await t.store.outbox.stats()).toEqual({ pending: 0, dead: 0 });
  });

  it('appends nothing for a change that did not commit, or that no configuration matches', async () => {
    await using t = await setup();
    await t.layer.putBucketNotification(
      'bkt',
      config(['s3:ObjectCreated:Put'], { prefix: 'logs/', suffix: '.gz' }),
      resolve,
    );
    await t.put('logs/a.gz', 'one');
    await t.put('logs/a.txt', 'two');
    await t.put('other/a.gz', 'three');
    await t.layer.deleteObject({ bucket: 'bkt', key: 'logs/a.gz' });
    await expect(
      t.put('logs/a.gz', 'four', { conditions: { ifNoneMatch: '*' } }),
    ).resolves.toBeDefined();
    await expect(
      t.put('logs/a.gz', 'five', { conditions: { ifNoneMatch: '*' } }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    expect(await t.store.outbox.stats()).toEqual({ pending: 2, dead: 0 });
  });

  it('retries a receiver that fails or stalls, with the same delivery id, until it answers', async () => {
    await using t = await setup();
    // First call 500, second stalls past the timeout, third succeeds.
    await using receiver = await openReceiver((n, res) => {
      if (n === 0) res.writeHead(500).end('down');
      return n <= 1;
    });
    await t.layer.putBucketNotification('bkt', config(['s3:ObjectCreated:*']), resolve);
    await t.put('k', 'v');
    let now = Date.now();
    const notifier = createNotifier({
      store: t.store,
      targets: () => ({ url: receiver.url, timeoutMs: 300 }),
      backoff: () => 1000,
      clock: () => new Date(now),
    });
    expect(await notifier.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await notifier.runOnce()).toMatchObject({ claimed: 0 });
    now += 1500;
    expect(await notifier.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    now += 1500;
    expect(await notifier.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    await notifier.close();
    // Three attempts at one event: the 500, the stalled one, the delivery.
    expect(receiver.received.map((r) => r.headers['x-strata-delivery'])).toEqual(
      Array(3).fill(receiver.received[0]!.headers['x-strata-delivery']),
    );
    expect(receiver.received[0]!.headers['x-strata-signature-256']).toBeUndefined();
    expect(await t.store.outbox.stats()).toEqual({ pending: 0, dead: 0 });
  });

  it('dead-letters an event whose target is gone from the config, after its attempts', async () => {
    await using t = await setup();
    await t.layer.putBucketNotification('bkt', config(['s3:ObjectCreated:*']), resolve);
    await t.put('k', 'v');
    let now = Date.now();
    const notifier = createNotifier({
      store: t.store,
      targets: () => undefined,
      maxAttempts: 2,
      backoff: () => 10,
      clock: () => new Date(now),
    });
    expect(await notifier.runOnce()).toMatchObject({ retried: 1 });
    now += 100;
    expect(await notifier.runOnce()).toMatchObject({ dead: 1 });
    await notifier.close();
    const [dead] = await t.store.outbox.deadLetters(10);
    expect(dead?.lastError).toContain('no notification target named "hooks"');
  });

  it('reports lifecycle expirations as s3:LifecycleExpiration events by S3 itself', async () => {
    await using t = await setup();
    await using receiver = await openReceiver();
    await t.layer.putBucketNotification(
      'bkt',
      config(['s3:LifecycleExpiration:*', 's3:ObjectRemoved:*']),
      resolve,
    );
    await t.put('old', 'v');
    await t.store.buckets.setLifecycle('bkt', [
      { id: 'r', status: 'Enabled', filter: { form: 'filter' }, expiration: { days: 1 } },
    ]);
    const lifecycle = createLifecycleWorker({
      store: t.store,
      layer: t.layer,
      clock: () => new Date(Date.now() + 3 * 86_400_000),
    });
    await lifecycle.runOnce();
    await lifecycle.close();
    const notifier = createNotifier({ store: t.store, targets: () => ({ url: receiver.url }) });
    await notifier.runOnce();
    await notifier.close();
    expect(receiver.records().map((r) => [r.eventName, r.userIdentity.principalId])).toEqual([
      ['LifecycleExpiration:Delete', 's3.amazonaws.com'],
    ]);
  });
});
