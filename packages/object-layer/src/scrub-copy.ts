import { createHash, type Hash } from 'node:crypto';
import type { ObjectCopy, ObjectRecord } from '@strata/metastore-core';
import type { LayerContext } from './internal/context.js';
import { isBlobMissing } from './internal/open-record.js';
import { repairMissingCopies } from './internal/repair-copies.js';
import { storedSize } from './internal/sealed-streams.js';
import { lastingCopies } from './replicate-copy.js';

/** A copy of a current version to check (a scrubber's walk of a backend). */
export interface ScrubCopyInput {
  readonly bucket: string;
  readonly key: string;
  /** The version's write id (`ObjectRecord.versionId`). */
  readonly versionId: string;
  /** The backend whose copy is checked. */
  readonly backend: string;
  readonly signal?: AbortSignal | undefined;
  /**
   * Told of every chunk read (its byte count), and awaited: how a caller bounds the read rate
   * (the scrubber sleeps here when it is ahead of its budget).
   */
  readonly onBytes?: ((bytes: number) => Promise<void> | void) | undefined;
}

/** What a copy was found to be, and what {@link scrubCopy} did about it. */
export type ScrubCopyOutcome =
  /** Its bytes are all there and match what the version's row says. */
  | { readonly kind: 'ok' }
  /** The version is no longer current, or has no copy there: nothing to check. */
  | { readonly kind: 'stale' }
  /**
   * The copy was missing or its bytes differed: it was taken off the row (its blob queued for
   * deletion) and a new copy queued for replication from `from`, a copy checked good just now.
   */
  | { readonly kind: 'repaired'; readonly problem: CopyProblem; readonly from: string }
  /** The copy is bad and every other copy was read and is bad too: nothing changed. */
  | { readonly kind: 'unrepairable'; readonly problem: CopyProblem }
  /**
   * The copy is bad and no other copy checked good, but some could not be read (a backend
   * down): nothing changed; a later pass tries again.
   */
  | { readonly kind: 'unverified'; readonly problem: CopyProblem };

/** How a copy is bad: its blob is gone, or its size or content differs from the row's. */
export type CopyProblem = 'missing' | 'corrupt';

/**
 * Checks one copy of a current version against its row: reads the blob whole (streamed, as
 * stored) and compares its size and, for a plaintext version, the MD5 of the whole (a single PUT)
 * or of each part (a multipart object) with the stored ETags. An encrypted version's copy is
 * checked by size only here (its chunks carry their own authentication, checked on every read).
 * A bad copy is repaired from another lasting copy that checks good: taken off the row and
 * re-replicated (`repairMissingCopies`, as a read that finds a copy missing does); with no good
 * copy left nothing changes and the outcome says so. A copy whose version was overwritten or
 * deleted while it was read is `stale`, never reported bad.
 *
 * @throws the backend's error when a copy could not be read for another reason than its absence
 *   (the backend down): nothing is concluded from that.
 */
export async function scrubCopy(
  ctx: LayerContext,
  input: ScrubCopyInput,
): Promise<ScrubCopyOutcome> {
  const record = await ctx.store.objects.get(input.bucket, input.key);
  if (record?.versionId !== input.versionId) return { kind: 'stale' };
  const copy = record.copies.find((c) => c.backend === input.backend);
  if (copy === undefined) return { kind: 'stale' };
  const problem = await checkCopy(ctx, record, copy, input);
  if (problem === undefined) return { kind: 'ok' };
  let unreadable = false;
  for (const other of lastingCopies(ctx, record)) {
    if (other.backend === copy.backend) continue;
    const bad = await checkCopy(ctx, record, other, input).catch((error: unknown) => {
      if (input.signal?.aborted) throw error;
      unreadable = true;
      return 'unreadable' as const;
    });
    if (bad !== undefined) continue;
    // An overwrite or delete while the copies were read removes their blobs: no fault, no
    // repair. Checked last, so the window before the repair's own compare-and-swap is short.
    if (!(await stillCopy(ctx, record, copy))) return { kind: 'stale' };
    const repaired = await repairMissingCopies(ctx, record, [copy], other.backend, {
      reason: problem === 'missing' ? 'copy-missing' : 'copy-corrupt',
    });
    return repaired > 0 ? { kind: 'repaired', problem, from: other.backend } : { kind: 'stale' };
  }
  if (!(await stillCopy(ctx, record, copy))) return { kind: 'stale' };
  return unreadable ? { kind: 'unverified', problem } : { kind: 'unrepairable', problem };
}

/** Whether `copy` is still a copy of the key's current version, `record`. */
async function stillCopy(
  ctx: LayerContext,
  record: ObjectRecord,
  copy: ObjectCopy,
): Promise<boolean> {
  const now = await ctx.store.objects.get(record.bucket, record.key);
  return now?.versionId === record.versionId && now.copies.some((c) => c.blob === copy.blob);
}

/** Reads a copy whole; resolves what is wrong with it, or `undefined` when it matches its row. */
async function checkCopy(
  ctx: LayerContext,
  record: ObjectRecord,
  copy: ObjectCopy,
  input: ScrubCopyInput,
): Promise<CopyProblem | undefined> {
  let body;
  try {
    body = await ctx.backend(copy.backend).get(copy.blob, { signal: input.signal });
  } catch (error) {
    if (isBlobMissing(error)) return 'missing';
    throw error;
  }
  const digests = new PartDigests(record);
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      digests.update(chunk);
      await input.onBytes?.(chunk.length);
    }
  } finally {
    body.destroy();
  }
  if (size !== storedSize(record)) return 'corrupt';
  return digests.matches() ? undefined : 'corrupt';
}

/**
 * The MD5s a plaintext copy can be checked against: of the whole object when its ETag is one,
 * of each part (split at the recorded part sizes) for a multipart object; none for an encrypted
 * version, whose stored bytes are ciphertext.
 */
class PartDigests {
  readonly #expected: readonly { size: number; md5: string }[];
  readonly #done: string[] = [];
  #current: Hash | undefined;
  #left = 0;

  constructor(record: ObjectRecord) {
    if (record.encryption !== undefined) this.#expected = [];
    else if (record.parts.length > 0) {
      this.#expected = record.parts.map((p) => ({ size: p.size, md5: p.etag }));
    } else if (/^[0-9a-f]{32}$/.test(record.etag)) {
      this.#expected = [{ size: record.size, md5: record.etag }];
    } else this.#expected = [];
    this.#next();
  }

  update(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && this.#current !== undefined) {
      const take = Math.min(this.#left, chunk.length - offset);
      this.#current.update(chunk.subarray(offset, offset + take));
      offset += take;
      this.#left -= take;
      if (this.#left === 0) {
        this.#done.push(this.#current.digest('hex'));
        this.#next();
      }
    }
  }

  /** True when every expected digest was computed and equals its ETag. */
  matches(): boolean {
    if (this.#current !== undefined) {
      // Fewer bytes than the parts add up to (the size check catches it too); an empty last part.
      if (this.#left > 0) return false;
      this.#done.push(this.#current.digest('hex'));
    }
    return this.#expected.every((part, i) => this.#done[i] === part.md5);
  }

  #next(): void {
    const part = this.#expected[this.#done.length];
    this.#current = part === undefined ? undefined : createHash('md5');
    this.#left = part?.size ?? 0;
  }
}
