import type { PoolMember } from '@strata/backend-pool';
import type { ObjectRecord } from '@strata/metastore-core';
import { IntentExpiredError, NoWritableBackendError, UnknownBackendError } from './errors.js';
import type { LayerContext } from './internal/context.js';
import { isDefinitelyRolledBack } from './internal/commit.js';
import { hashInto } from './internal/hash-into.js';
import { IntentLease, type BlobTarget } from './internal/intent-lease.js';
import { MAX_OBJECT_SIZE } from './internal/limits.js';
import { copyBlobNameFor } from './internal/load.js';
import { openRecord } from './internal/open-record.js';
import { etagIsMd5 } from './internal/seal.js';
import { storedSize } from './internal/sealed-streams.js';
import { signalOf } from './internal/signal.js';
import { createWriteId } from './write-id.js';

/** One copy a replication job owes (a `ReplicationJob` of the metastore fits). */
export interface ReplicateCopyInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** The backend the copy should go to; another is chosen when it no longer takes writes. */
  readonly targetBackend: string;
  readonly signal?: AbortSignal | undefined;
}

/** What {@link replicateCopy} did. */
export type ReplicateCopyOutcome =
  /** A new copy was written and recorded (on `backend`). */
  | { readonly kind: 'copied'; readonly backend: string }
  /** The version already has a copy there, or enough copies: nothing to do. */
  | { readonly kind: 'present' }
  /** The version is no longer stored (deleted, or overwritten unversioned): nothing to do. */
  | { readonly kind: 'stale' };

/**
 * Makes one more copy of an object version on another backend, with the write discipline of
 * every new blob: an intent on the target, the bytes streamed from any readable copy (failing
 * over between copies, verified against the size and, for a single-PUT object, its MD5 ETag),
 * then recorded as a compare-and-swap on the version, current or noncurrent (a versioned bucket
 * keeps a displaced version, which needs its copies as much). A version deleted meanwhile (or
 * overwritten in a bucket that keeps no history) is not resurrected: the new blob is deleted.
 *
 * @throws NoWritableBackendError when neither the target nor any other backend of the bucket can
 *   take the copy now (retry later); backend and metastore errors unchanged.
 */
export async function replicateCopy(
  ctx: LayerContext,
  input: ReplicateCopyInput,
): Promise<ReplicateCopyOutcome> {
  // A version displaced since the job was queued (kept in a versioned bucket's history) is
  // owed its copies all the same.
  const version = await ctx.store.versions.byWriteId(input.bucket, input.key, input.versionId);
  if (version?.kind !== 'object') return { kind: 'stale' };
  const record = version.record;
  if (record.copies.some((c) => c.backend === input.targetBackend)) return { kind: 'present' };
  if (lastingCopies(ctx, record).length >= factorOf(ctx, record.bucket)) return { kind: 'present' };
  const member = await chooseTarget(ctx, record, input.targetBackend);
  const added = await addCopyOn(ctx, record, member, input.signal);
  return added ? { kind: 'copied', backend: member.name } : { kind: 'stale' };
}

/** Copies a bucket's policy wants of each object. */
export function factorOf(ctx: LayerContext, bucket: string): number {
  return Math.max(1, ctx.policyOf(bucket).replication?.factor ?? 1);
}

/** The copies that count towards the factor: on configured backends neither draining nor removed. */
export function lastingCopies(ctx: LayerContext, record: ObjectRecord): ObjectRecord['copies'] {
  return record.copies.filter((c) => {
    const state = ctx.pool.get(c.backend)?.state;
    return state !== undefined && state !== 'draining' && state !== 'removed';
  });
}

/**
 * Writes one more copy of `record`'s version on `member` and records it, with the write
 * discipline of every new blob: a fresh blob name (`copyBlobNameFor`, a new write id), its
 * intent recorded before the first byte, and the copy recorded on the version, current or
 * noncurrent (`versions.addCopy`), with the intent's removal in one transaction. Resolves false (the new blob deleted) when the version was deleted meanwhile, or
 * already has a copy on `member`.
 *
 * @throws IntentExpiredError when the reaper expired the intent before the commit (the blob is
 *   then queued for deletion, and the copy is not recorded).
 */
export async function addCopyOn(
  ctx: LayerContext,
  record: ObjectRecord,
  member: PoolMember,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (record.copies.length === 0) {
    throw new Error(`${record.bucket}/${record.key} has no copy to read`);
  }
  // Never the source's name: `member` may have held this version before (a copy
  // evacuated, a sync replica that failed mid-body), and that name may be queued for deletion;
  // a job deleting it would take this copy's bytes. Two replicators racing to one backend must
  // not share a name either: the loser deletes its blob.
  const copyId = createWriteId(ctx.now().getTime());
  const blob = copyBlobNameFor(record.bucket, record.key, record.versionId, copyId);
  const target: BlobTarget = {
    bucket: record.bucket,
    key: record.key,
    backend: member.backend,
    blob,
    writeId: copyId,
    intentId: copyId,
  };
  const lease = await IntentLease.acquire(ctx, target);
  let committing = false;
  let added = false;
  try {
    await copyBytes(ctx, record, target, signal);
    lease.assertAlive();
    committing = true;
    added = await ctx.store.transaction(async (tx) => {
      // Current, or noncurrent by now (or from the start): the store finds it where it is.
      const ok = await tx.versions.addCopy(record.bucket, record.key, record.versionId, {
        backend: member.name,
        blob,
      });
      // The intent is the fence against the reaper: once it is gone the blob is queued for
      // deletion, so the copy must not be recorded (the throw rolls addCopy back).
      if (ok && !(await tx.intents.remove(target.intentId))) throw new IntentExpiredError();
      return ok;
    });
  } catch (error) {
    // As in runWrite: after an ambiguous commit the intent stays, and the reaper decides.
    if (!committing || isDefinitelyRolledBack(error)) await discard(lease, member, blob);
    throw error;
  } finally {
    lease.stop();
  }
  if (!added) {
    // Overwritten or deleted while the bytes streamed: this copy belongs to no version.
    await discard(lease, member, blob);
    return false;
  }
  ctx.placer.committed(member.name, record.size);
  return true;
}

function discard(lease: IntentLease, member: PoolMember, blob: string): Promise<void> {
  return lease.discard(() => member.backend.delete(blob));
}

/** The job's target while it takes writes; otherwise the best other backend of the bucket. */
async function chooseTarget(
  ctx: LayerContext,
  record: ObjectRecord,
  wanted: string,
): Promise<PoolMember> {
  const member = ctx.pool.get(wanted);
  if (member === undefined) throw new UnknownBackendError(wanted);
  if (member.state === 'active') return member;
  const holders = record.copies.map((c) => c.backend);
  const [other] = await ctx.placer.replicaTargets(ctx.policyOf(record.bucket), record, 1, holders);
  if (other === undefined) {
    throw new NoWritableBackendError(
      `no backend can take a copy of ${record.bucket}/${record.key} now`,
    );
  }
  return other;
}

async function copyBytes(
  ctx: LayerContext,
  record: ObjectRecord,
  target: BlobTarget,
  signal: AbortSignal | undefined,
): Promise<void> {
  // Stored bytes as they are: an encrypted version's copies share its ciphertext (its chunks are
  // bound to the version, not to a blob name), so a replica is never decrypted on the way.
  const body = await openRecord(ctx, record, undefined, signal, { raw: true });
  const size = storedSize(record);
  const hashed = await hashInto(
    body,
    (stream) => target.backend.put(target.blob, stream, { size, ...signalOf({ signal }) }),
    { expectedLength: size, maxLength: Math.max(MAX_OBJECT_SIZE, size), signal },
  );
  // A copy that disagrees with its row is an internal fault: plain Errors, the job retries.
  if (hashed.result.size !== size) {
    throw new Error(`${target.backend.name} stored ${hashed.result.size} of ${size} bytes`);
  }
  if (
    etagIsMd5(record) &&
    record.encryption === undefined &&
    hashed.md5.toString('hex') !== record.etag
  ) {
    throw new Error(`the copy of ${record.bucket}/${record.key} does not match its ETag`);
  }
}
