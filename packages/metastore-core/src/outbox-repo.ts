import type { DeadLetterActions } from './dead-letter-actions.js';
/**
 * Event names the outbox carries: the concrete S3 event notification types (no wildcards), as
 * S3 writes them in the `eventName` of a notification record.
 */
export const OUTBOX_EVENT_NAMES = [
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:Replication:OperationFailedReplication',
] as const;
/** One of {@link OUTBOX_EVENT_NAMES}. */
export type OutboxEventName = (typeof OUTBOX_EVENT_NAMES)[number];

/** A JSON value (what the outbox stores as an event's payload). */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What {@link OutboxRepo.append} records. */
export interface OutboxAppend {
  readonly bucket: string;
  readonly key: string;
  readonly event: OutboxEventName;
  /** The notification's details (size, ETag, version, request id…), stored as JSON. */
  readonly payload: JsonValue;
}

/** An event in the outbox, as claimed (or dead-lettered). */
export interface OutboxEvent {
  readonly id: number;
  readonly bucket: string;
  readonly key: string;
  readonly event: OutboxEventName;
  readonly payload: JsonValue;
  readonly attempts: number;
  readonly lastError?: string | undefined;
  readonly createdAt: Date;
}

/**
 * The transactional outbox of event notifications: an event is appended in the same transaction
 * as the change that caused it (`tx.outbox.append(…)` inside `store.transaction`), so it exists
 * exactly when the change committed; a notifier claims and delivers events at least once.
 */
export interface OutboxRepo extends DeadLetterActions {
  /** Appends an event; resolves with its id (increasing in append order). */
  append(event: OutboxAppend): Promise<number>;
  /**
   * Claims up to `limit` due events (in append order, retried ones when due again), hidden from
   * other claimers for `leaseMs`; concurrent claimers never get the same event.
   */
  claim(now: Date, limit: number, leaseMs: number): Promise<OutboxEvent[]>;
  /**
   * Keeps claimed jobs hidden until `until` (the claimer's heartbeat while it still works them).
   * Only pending jobs move: one completed or dead-lettered meanwhile is left alone.
   */
  extendLease(ids: readonly number[], until: Date): Promise<void>;
  /** The event was delivered: removes it. */
  complete(id: number): Promise<void>;
  /**
   * Delivery failed: counts the attempt and schedules it at `retryAt`, or dead-letters it when
   * `attempts + 1 >= maxAttempts`.
   *
   * @throws {@link MetastoreNotFoundError} (`entity: 'outbox-event'`) for an unknown id.
   */
  fail(id: number, error: string, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'>;
  stats(): Promise<{ pending: number; dead: number }>;
  /** Dead-lettered events, oldest first. */
  deadLetters(limit: number): Promise<OutboxEvent[]>;
}
