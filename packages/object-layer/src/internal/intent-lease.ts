import type { ObjectBackend } from '@strata/backend-pool';
import { IntentExpiredError } from '../errors.js';
import type { LayerContext } from './context.js';

/** Where a new blob is being written. */
export interface BlobTarget {
  readonly bucket: string;
  readonly key: string;
  readonly backend: ObjectBackend;
  readonly blob: string;
  readonly writeId: string;
  /**
   * The intent's id: the write id for a write's first (or only) target; `{writeId}.{n}` for the
   * others of a replicated write, which share its write id and blob name on other backends (a
   * fresh name on each of them all the same). A later copy has a write id of its own.
   */
  readonly intentId: string;
}

/**
 * A write intent held for the duration of one write ("intent before bytes", so the reaper can
 * find and delete the blob of a write that never commits):
 * recorded before the first byte, extended every ttl/3 while the bytes stream, removed by the
 * commit transaction or, on failure, after the blob was deleted.
 */
export class IntentLease {
  readonly #ctx: LayerContext;
  readonly #target: BlobTarget;
  #expiresAt: number;
  #timer: NodeJS.Timeout | undefined;

  private constructor(ctx: LayerContext, target: BlobTarget, expiresAt: number) {
    this.#ctx = ctx;
    this.#target = target;
    this.#expiresAt = expiresAt;
  }

  /** Records the intent and starts extending it. */
  static async acquire(ctx: LayerContext, target: BlobTarget): Promise<IntentLease> {
    const expiresAt = ctx.now().getTime() + ctx.intentTtlMs;
    await ctx.store.intents.add({
      id: target.intentId,
      backend: target.backend.name,
      blob: target.blob,
      bucket: target.bucket,
      key: target.key,
      expiresAt: new Date(expiresAt),
    });
    const lease = new IntentLease(ctx, target, expiresAt);
    lease.#timer = setInterval(
      () => void lease.#extend(),
      Math.max(1, Math.floor(ctx.intentTtlMs / 3)),
    );
    // A pending write must not keep the process alive on its own.
    lease.#timer.unref();
    return lease;
  }

  /** The intent id. */
  get id(): string {
    return this.#target.intentId;
  }

  /** What this lease covers. */
  get target(): BlobTarget {
    return this.#target;
  }

  async #extend(): Promise<void> {
    const expiresAt = this.#ctx.now().getTime() + this.#ctx.intentTtlMs;
    try {
      await this.#ctx.store.intents.extend(this.#target.intentId, new Date(expiresAt));
      this.#expiresAt = expiresAt;
    } catch (error) {
      // Reaped already: the blob may be going away, so this write can no longer commit.
      if ((error as { code?: unknown } | null)?.code === 'EMETA_NOT_FOUND')
        this.#expiresAt = -Infinity;
      // Otherwise (a busy metastore) the next tick retries; assertAlive() refuses to commit if none succeeds.
    }
  }

  /**
   * Refuses to commit when the intent may already have expired: the reaper could then be
   * deleting the blob the commit is about to reference. A third of the TTL is kept as margin
   * for clock skew between instances.
   *
   * @throws IntentExpiredError
   */
  assertAlive(): void {
    const remaining = this.#expiresAt - this.#ctx.now().getTime();
    if (remaining < this.#ctx.intentTtlMs / 3) throw new IntentExpiredError();
  }

  /** Stops extending (idempotent). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * The write failed before commit: deletes the blob (best effort) and removes the intent only if
   * the delete worked; otherwise the intent stays for the reaper. Never throws.
   */
  async discard(deleteBlob: () => Promise<void>): Promise<void> {
    this.stop();
    try {
      await deleteBlob();
      await this.#ctx.store.intents.remove(this.#target.intentId);
    } catch {
      // Left for the reaper: the intent still names the blob.
    }
  }
}
