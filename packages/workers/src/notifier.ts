import { createHmac } from 'node:crypto';
import type { MetaStore, OutboxEvent } from '@strata/metastore-core';
import { request } from 'undici';
import { defaultNotificationBackoff, type BackoffPolicy } from './backoff.js';
import { mapClaimed, type ClaimLease } from './internal/claim-heartbeat.js';
import { recordFailure, type FailurePolicy } from './internal/record-failure.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** Where one webhook target's events go. */
export interface WebhookTarget {
  /** The http(s) URL each event is POSTed to. */
  readonly url: string;
  /**
   * The key of the `X-Strata-Signature-256` header (`sha256=` and the hex HMAC-SHA256 of the
   * body), so the receiver can tell the events are Strata's; absent: the header is not sent.
   */
  readonly secret?: string | undefined;
  /** How long one delivery may take, connection to last response byte (default 10 s). */
  readonly timeoutMs?: number | undefined;
}

/** Options of {@link createNotifier}. */
export interface NotifierOptions extends JobOptions {
  readonly store: MetaStore;
  /** The webhook target of a name (from config); `undefined` when none is configured. */
  readonly targets: (name: string) => WebhookTarget | undefined;
  /** Events claimed per batch (default 100). */
  readonly batchSize?: number;
  /** How long a claimed event stays hidden without a heartbeat (default 1 minute). */
  readonly leaseMs?: number;
  /** Attempts before an event is dead-lettered (default 20: about two hours of retries). */
  readonly maxAttempts?: number;
  /** Delay before a failed delivery is retried (default {@link defaultNotificationBackoff}). */
  readonly backoff?: BackoffPolicy;
  /** Deliveries in flight at once (default 8). */
  readonly concurrency?: number;
}

/** What one notifier run did. */
export interface NotifierResult extends JobRunResult {
  readonly claimed: number;
  /** Events the target answered with a 2xx. */
  readonly delivered: number;
  readonly retried: number;
  readonly dead: number;
  /** Events whose outcome could not be recorded (metastore error); their lease brings them back. */
  readonly errors: number;
}

type Outcome = 'delivered' | 'retried' | 'dead' | 'errors' | 'aborted';

/** What the outbox payload of an object event holds (written by `@strata/object-layer`). */
interface EventPayload {
  readonly target: string;
  readonly record: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Response bytes read (and dropped) before the connection is given up instead of reused. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The event notification worker: claims due events of the outbox (appended in the transaction
 * of each change) and POSTs each to its webhook target as an S3 event message
 * (`{"Records":[…]}`), signed with the target's secret. A 2xx answer completes the event; any
 * other answer, a timeout or a refused connection retries it with backoff, and after
 * `maxAttempts` dead-letters it (the admin API lists, retries and purges dead letters). Delivery
 * is at least once: an event whose answer was lost (a `kill -9` between the 2xx and its
 * completion) is sent again, with the same `X-Strata-Delivery` id, so receivers can drop
 * duplicates. Default interval: 1 second.
 *
 * @example
 * ```ts
 * const notifier = createNotifier({
 *   store,
 *   targets: (name) => (name === 'hooks' ? { url: 'https://hooks.example/s3', secret } : undefined),
 * });
 * notifier.start();
 * ```
 */
export function createNotifier(options: NotifierOptions): Job<NotifierResult> {
  const { store, targets, batchSize = 100, leaseMs = 60_000, concurrency = 8 } = options;
  const { clock = () => new Date(), logger } = options;
  if (!(batchSize > 0) || !(concurrency > 0)) {
    throw new RangeError('batchSize and concurrency must be positive');
  }
  const maxAttempts = options.maxAttempts ?? 20;
  const backoff = options.backoff ?? ((attempts: number) => defaultNotificationBackoff(attempts));
  const failures: FailurePolicy = {
    fail: (id, error, retryAt, max) => store.outbox.fail(id, error, retryAt, max),
    clock,
    backoff,
    maxAttempts,
    logger,
    noun: 'event delivery',
  };
  const one = async (event: OutboxEvent, signal: AbortSignal): Promise<Outcome> => {
    const payload = event.payload as Partial<EventPayload> | null;
    const target = typeof payload?.target === 'string' ? targets(payload.target) : undefined;
    try {
      if (target === undefined) {
        throw new Error(`no notification target named ${JSON.stringify(payload?.target)}`);
      }
      await deliver(target, event, payload?.record, signal);
      await store.outbox.complete(event.id);
      return 'delivered';
    } catch (error) {
      if (signal.aborted) return 'aborted';
      return recordFailure(failures, event, error, {
        job: 'notifier',
        id: event.id,
        bucket: event.bucket,
        key: event.key,
      });
    }
  };
  const lease: ClaimLease = {
    job: 'notifier',
    leaseMs,
    extend: (ids, until) => store.outbox.extendLease(ids, until),
    clock,
    logger,
  };
  return new PeriodicJob(
    'notifier',
    options.intervalMs ?? 1000,
    logger,
    async (signal) => {
      const counts = { claimed: 0, delivered: 0, retried: 0, dead: 0, errors: 0 };
      while (!signal.aborted) {
        const events = await store.outbox.claim(clock(), batchSize, leaseMs);
        counts.claimed += events.length;
        const outcomes = await mapClaimed(events, concurrency, lease, (e) => one(e, signal));
        for (const outcome of outcomes) if (outcome !== 'aborted') counts[outcome]++;
        if (events.length < batchSize) break;
      }
      return counts;
    },
    options.onRun,
  );
}

/**
 * POSTs one event; resolves on a 2xx, rejects otherwise. The response body is read up to a
 * bound and dropped, so the connection can be reused; the whole exchange is under the target's
 * timeout and the run's signal.
 */
async function deliver(
  target: WebhookTarget,
  event: OutboxEvent,
  record: unknown,
  signal: AbortSignal,
): Promise<void> {
  const body = JSON.stringify({ Records: [record] });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'strata-notifier',
    'x-strata-delivery': String(event.id),
    'x-strata-event': event.event.slice('s3:'.length),
  };
  if (target.secret !== undefined) {
    const mac = createHmac('sha256', target.secret).update(body).digest('hex');
    headers['x-strata-signature-256'] = `sha256=${mac}`;
  }
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await request(target.url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  try {
    await response.body.dump({ limit: MAX_RESPONSE_BYTES });
  } catch {
    // The answer's status is what counts; a body cut short changes nothing.
  }
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw new Error(`the target answered HTTP ${response.statusCode}`);
  }
}
