import type { Selectable } from 'kysely';
import type { WriteIntentsTable } from '../database.js';
import { MetastoreNotFoundError } from '../errors.js';
import type { IntentRepo } from '../store.js';
import type { WriteIntent } from '../types.js';
import { optional, toNumber } from './codec.js';
import { newJobColumns } from './job-queue.js';
import type { RepoContext } from './repo-context.js';

/** Cleanup reason for the blob of an intent that was never committed. */
export const INTENT_EXPIRED_REASON = 'intent-expired';

/** {@link IntentRepo} over kysely. */
export class KyselyIntentRepo implements IntentRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async add(intent: WriteIntent): Promise<void> {
    await this.#ctx.db
      .insertInto('write_intents')
      .values({
        id: intent.id,
        backend: intent.backend,
        blob: intent.blob,
        bucket: intent.bucket,
        key: intent.key,
        expires_at: intent.expiresAt.getTime(),
        backend_upload_id: intent.backendUploadId ?? null,
      })
      .execute();
  }

  /** Throws {@link MetastoreNotFoundError} when the intent is gone (already reaped): the writer must abort. */
  async extend(id: string, expiresAt: Date): Promise<void> {
    const result = await this.#ctx.db
      .updateTable('write_intents')
      .set({ expires_at: expiresAt.getTime() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new MetastoreNotFoundError('intent', id);
  }

  async remove(id: string): Promise<boolean> {
    // On PostgreSQL the delete waits for a reaper that locked the row (`expire`), then finds it
    // gone: the caller learns that its blob was queued for deletion.
    const result = await this.#ctx.db
      .deleteFrom('write_intents')
      .where('id', '=', id)
      .executeTakeFirst();
    return toNumber(result.numDeletedRows) > 0;
  }

  async expire(now: Date, limit: number): Promise<WriteIntent[]> {
    const { db, adapter } = this.#ctx;
    if (limit <= 0) return [];
    const rows = await adapter
      .claimRows(
        db
          .selectFrom('write_intents')
          .selectAll()
          .where('expires_at', '<=', now.getTime())
          .orderBy('expires_at')
          .orderBy('id')
          .limit(limit),
      )
      .execute();
    if (rows.length === 0) return [];
    await db
      .insertInto('cleanup_queue')
      .values(
        rows.map((row) => ({
          backend: row.backend,
          blob: row.blob,
          // The intent never learned how many bytes reached the backend.
          size: 0,
          reason: INTENT_EXPIRED_REASON,
          backend_upload_id: row.backend_upload_id,
          ...newJobColumns(),
          enqueued_at: this.#ctx.now(),
        })),
      )
      .execute();
    await db
      .deleteFrom('write_intents')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map(toWriteIntent);
  }
}

function toWriteIntent(row: Selectable<WriteIntentsTable>): WriteIntent {
  return {
    id: row.id,
    backend: row.backend,
    blob: row.blob,
    bucket: row.bucket,
    key: row.key,
    expiresAt: new Date(toNumber(row.expires_at)),
    backendUploadId: optional(row.backend_upload_id),
  };
}
