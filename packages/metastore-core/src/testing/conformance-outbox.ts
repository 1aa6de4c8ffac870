import { describe, expect, it } from 'vitest';
import { MetastoreNotFoundError } from '../errors.js';
import type { NotificationRule } from '../notification-rule.js';
import type { OutboxAppend } from '../outbox-repo.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeBucket, makeRecord, rejection, useStores } from './fixtures.js';

/** An `s3:ObjectCreated:Put` event for `key` in bucket `b`. */
export function makeEvent(key: string): OutboxAppend {
  return {
    bucket: 'b',
    key,
    event: 's3:ObjectCreated:Put',
    payload: { size: 10, eTag: 'abc', sequencer: key, tags: ['x', 1, null, true], nested: {} },
  };
}

/** The event outbox. */
export function describeOutbox(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('event outbox', () => {
    it("sets, replaces and removes a bucket's notification configurations", async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('n'));
      const rules: NotificationRule[] = [
        {
          id: 'created',
          kind: 'queue',
          arn: 'arn:strata:sqs::hooks:webhook',
          target: 'hooks',
          events: ['s3:ObjectCreated:*'],
          prefix: 'logs/',
          suffix: '.gz',
        },
        {
          id: 'removed',
          kind: 'topic',
          arn: 'arn:x',
          target: 'b',
          events: ['s3:ObjectRemoved:Delete'],
        },
      ];
      expect(await store.buckets.setNotifications('n', rules)).toBe(true);
      expect((await store.buckets.get('n'))?.notifications).toEqual(rules);
      expect(await store.buckets.setNotifications('n', [])).toBe(true);
      expect(await store.buckets.get('n')).toEqual(makeBucket('n'));
      await store.buckets.setNotifications('n', rules);
      expect(await store.buckets.setNotifications('n', undefined)).toBe(true);
      expect(await store.buckets.get('n')).toEqual(makeBucket('n'));
      expect(await store.buckets.setNotifications('missing', rules)).toBe(false);
    });

    it('commits an event with the change that caused it, and only then', async () => {
      const store = await stores.fresh();
      const failure = new Error('handler failed after the write');
      const error = await rejection(
        store.transaction(async (tx) => {
          await tx.objects.put(makeRecord('b', 'lost'));
          await tx.outbox.append(makeEvent('lost'));
          throw failure;
        }),
      );
      expect(error).toBe(failure);
      expect(await store.objects.get('b', 'lost')).toBeUndefined();
      expect(await store.outbox.stats()).toEqual({ pending: 0, dead: 0 });

      const id = await store.transaction(async (tx) => {
        await tx.objects.put(makeRecord('b', 'kept'));
        return tx.outbox.append(makeEvent('kept'));
      });
      expect(await store.objects.get('b', 'kept')).toBeDefined();
      const [event] = await store.outbox.claim(new Date(1_000), 10, 60_000);
      expect(event).toEqual({
        id,
        ...makeEvent('kept'),
        attempts: 0,
        lastError: undefined,
        createdAt: expect.any(Date) as Date,
      });
    });

    it('hands events out in append order, hidden for the lease', async () => {
      const store = await stores.fresh();
      const ids: number[] = [];
      for (const key of ['c', 'a', 'b']) ids.push(await store.outbox.append(makeEvent(key)));
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      const now = new Date(10_000);
      expect((await store.outbox.claim(now, 2, 30_000)).map((e) => e.key)).toEqual(['c', 'a']);
      expect((await store.outbox.claim(now, 5, 30_000)).map((e) => e.key)).toEqual(['b']);
      expect(await store.outbox.claim(new Date(39_999), 5, 30_000)).toEqual([]);
      expect((await store.outbox.claim(new Date(40_000), 5, 1)).map((e) => e.id)).toEqual(ids);
    });

    it('retries failed deliveries, dead-letters them, and completes the rest', async () => {
      const store = await stores.fresh();
      const first = await store.outbox.append(makeEvent('x'));
      await store.outbox.append({ ...makeEvent('y'), event: 's3:ObjectRemoved:Delete' });
      expect(await store.outbox.fail(first, 'webhook 500', new Date(5_000), 2)).toBe('retry');
      const due = await store.outbox.claim(new Date(1_000), 10, 60_000);
      expect(due.map((e) => [e.key, e.event])).toEqual([['y', 's3:ObjectRemoved:Delete']]);
      await store.outbox.complete(due[0]!.id);
      const [retried] = await store.outbox.claim(new Date(5_000), 10, 60_000);
      expect(retried).toMatchObject({ id: first, attempts: 1, lastError: 'webhook 500' });
      expect(await store.outbox.fail(first, 'webhook 410', new Date(6_000), 2)).toBe('dead');
      expect(await store.outbox.claim(new Date(99_000_000), 10, 1)).toEqual([]);
      expect(await store.outbox.deadLetters(10)).toEqual([
        expect.objectContaining({ id: first, key: 'x', attempts: 2, lastError: 'webhook 410' }),
      ]);
      expect(await store.outbox.stats()).toEqual({ pending: 0, dead: 1 });
      const error = await rejection(store.outbox.fail(424242, 'x', new Date(), 3));
      expect(error).toBeInstanceOf(MetastoreNotFoundError);
      expect(error).toMatchObject({ entity: 'outbox-event' });
    });
  });
}
