import type { Selectable } from 'kysely';
import type { EventOutboxTable } from '../database.js';
import type {
  JsonValue,
  OutboxAppend,
  OutboxEvent,
  OutboxEventName,
  OutboxRepo,
} from '../outbox-repo.js';
import { optional, parseJson, serializeJson, toNumber } from './codec.js';
import { JobQueue, newJobColumns } from './job-queue.js';
import type { RepoContext } from './repo-context.js';

/** {@link OutboxRepo} over kysely; claims and retries through the shared {@link JobQueue}. */
export class KyselyOutboxRepo implements OutboxRepo {
  readonly #ctx: RepoContext;
  readonly #queue: JobQueue<EventOutboxTable>;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
    this.#queue = new JobQueue(ctx, 'event_outbox', 'outbox-event');
  }

  async append(event: OutboxAppend): Promise<number> {
    const row = await this.#ctx.db
      .insertInto('event_outbox')
      .values({
        bucket: event.bucket,
        key: event.key,
        event: event.event,
        payload: serializeJson(event.payload),
        ...newJobColumns(),
        created_at: this.#ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return toNumber(row.id);
  }

  async claim(now: Date, limit: number, leaseMs: number): Promise<OutboxEvent[]> {
    return (await this.#queue.claim(now, limit, leaseMs)).map(toOutboxEvent);
  }

  extendLease(ids: readonly number[], until: Date): Promise<void> {
    return this.#queue.extend(ids, until);
  }

  async complete(id: number): Promise<void> {
    await this.#queue.complete(id);
  }

  fail(id: number, error: string, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'> {
    return this.#queue.fail(id, error, retryAt, maxAttempts);
  }

  stats(): Promise<{ pending: number; dead: number }> {
    return this.#queue.counts();
  }

  retryDead(ids?: readonly number[]): Promise<number> {
    return this.#queue.retryDead(ids);
  }

  purgeDead(ids?: readonly number[]): Promise<number> {
    return this.#queue.purgeDead(ids);
  }

  async deadLetters(limit: number): Promise<OutboxEvent[]> {
    return (await this.#queue.deadLetters(limit)).map(toOutboxEvent);
  }
}

function toOutboxEvent(row: Selectable<EventOutboxTable>): OutboxEvent {
  return {
    id: toNumber(row.id),
    bucket: row.bucket,
    key: row.key,
    event: row.event as OutboxEventName,
    payload: parseJson<JsonValue>(row.payload),
    attempts: toNumber(row.attempts),
    lastError: optional(row.last_error),
    createdAt: new Date(toNumber(row.created_at)),
  };
}
