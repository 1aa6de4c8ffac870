import type { Bucket, LifecycleRule, MetaStore, ObjectVersion } from '@strata/metastore-core';
import { s3VersionIdOf } from '@strata/metastore-core';
import {
  LIFECYCLE_DAY_MS,
  abortDateOf,
  expiryOf,
  lifecycleDueDate,
  rulesFor,
  s3ErrorCodeOf,
  type LifecycleSubject,
  type ObjectLayer,
} from '@strata/object-layer';
import { describeError } from './internal/describe-error.js';
import { readCursor, restOf } from './internal/job-cursor.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** The name of the lifecycle job, of its lease (`worker:lifecycle`) and of its cursor. */
export const LIFECYCLE_JOB = 'lifecycle';

/** Cleanup reason recorded for the parts of an upload a lifecycle rule aborted. */
export const LIFECYCLE_ABORT_REASON = 'lifecycle-abort';

/** Options of {@link createLifecycleWorker}. */
export interface LifecycleWorkerOptions extends JobOptions {
  readonly store: MetaStore;
  /** Deletes through the object layer, so markers, tombstones and blob cleanup follow. */
  readonly layer: Pick<ObjectLayer, 'deleteObject'>;
  /**
   * The length of a lifecycle "day" in milliseconds (default 24 h). Rule ages (`Days`,
   * `NoncurrentDays`, `DaysAfterInitiation`) count in these days, rounded to their boundaries as
   * S3 rounds to midnight UTC; tests shorten it to watch rules fire in seconds.
   */
  readonly dayLengthMs?: number;
  /** Versions read per metastore page (default 500, at most 1000). */
  readonly pageSize?: number;
  /**
   * Keys examined per run (default 10 000): a run stops there and saves its place, the next run
   * goes on from it, so no run scans everything and the load on the metastore stays bounded.
   */
  readonly maxKeysPerRun?: number;
}

/** What one lifecycle run did. */
export interface LifecycleWorkerResult extends JobRunResult {
  /** Keys whose versions were examined. */
  readonly examined: number;
  /** Current versions expired: deleted (unversioned) or hidden by a delete marker (versioned). */
  readonly expired: number;
  /** Noncurrent versions (and noncurrent delete markers) removed for good. */
  readonly noncurrentRemoved: number;
  /** Delete markers removed because no version was left behind them. */
  readonly markersRemoved: number;
  /** Incomplete multipart uploads aborted. */
  readonly uploadsAborted: number;
  /** Versions due but kept by Object Lock (retention or legal hold). */
  readonly locked: number;
  /** Actions that failed for another reason (logged; retried on a later pass). */
  readonly failed: number;
  /**
   * 1 when this run reached the end of the last bucket (the next pass starts at the next day
   * boundary), else 0.
   */
  readonly passesCompleted: number;
}

/**
 * Where a pass stands: the bucket it is in and the last key it finished there. Once a pass is
 * over the cursor holds `restUntil` instead, the next day boundary (rules act once a day, as on
 * S3).
 */
interface LifecycleCursor {
  readonly bucket: string;
  readonly afterKey?: string | undefined;
}

/** The counters of a run, bumped as it goes. */
interface Counts {
  examined: number;
  expired: number;
  noncurrentRemoved: number;
  markersRemoved: number;
  uploadsAborted: number;
  locked: number;
  failed: number;
}

/**
 * Applies the buckets' lifecycle rules (PutBucketLifecycleConfiguration), as S3 does:
 *
 * - `Expiration` (`Days` after creation, or a `Date`) expires a key's current version: an
 *   unversioned bucket deletes it; a versioned one adds a delete marker, which Object Lock never
 *   prevents. The delete is conditional on the version the worker looked at still being current,
 *   so a write that lands meanwhile is never expired.
 * - `NoncurrentVersionExpiration` removes a version `NoncurrentDays` after it became noncurrent
 *   (its successor's creation), keeping the `NewerNoncurrentVersions` newest; a version under
 *   Object Lock stays (counted as `locked`).
 * - `ExpiredObjectDeleteMarker` (and, as on S3, `Expiration` `Days` once the marker is that old)
 *   removes a delete marker with no version left behind it.
 * - `AbortIncompleteMultipartUpload` aborts uploads initiated `DaysAfterInitiation` days ago.
 *
 * A pass walks the buckets with rules in name order and their keys in byte order, a page at a
 * time, and saves its place in the metastore (`cursors`, name `lifecycle`) after each page, so a
 * run examines at most `maxKeysPerRun` keys and the next run, on whichever instance holds the
 * lease, goes on from there. A finished pass rests until the next day boundary, so rules act
 * once a lifecycle day, as on S3 (an object due at midnight goes in the first pass after it).
 * Every action re-checks its condition in its own transaction, so a second instance running the
 * same pass (a lease lost mid-run) does no harm. Default interval between runs: 1/24 of a
 * lifecycle day, between 1 s and 1 min (with `maxKeysPerRun`, the bound on the metastore load).
 *
 * @throws RangeError for a non-positive `dayLengthMs`, `pageSize` or `maxKeysPerRun`.
 * @example
 * ```ts
 * const lifecycle = createLifecycleWorker({ store, layer, logger });
 * lifecycle.start();
 * ```
 */
export function createLifecycleWorker(options: LifecycleWorkerOptions): Job<LifecycleWorkerResult> {
  const { store, layer, logger, clock = () => new Date() } = options;
  const dayMs = options.dayLengthMs ?? LIFECYCLE_DAY_MS;
  const pageSize = Math.min(options.pageSize ?? 500, 1000);
  const maxKeys = options.maxKeysPerRun ?? 10_000;
  if (!(dayMs > 0) || !(pageSize > 0) || !(maxKeys > 0)) {
    throw new RangeError('dayLengthMs, pageSize and maxKeysPerRun must be positive');
  }
  const intervalMs = options.intervalMs ?? Math.min(60_000, Math.max(1000, dayMs / 24));

  return new PeriodicJob(
    LIFECYCLE_JOB,
    intervalMs,
    logger,
    async (signal) => {
      const counts: Counts = {
        examined: 0,
        expired: 0,
        noncurrentRemoved: 0,
        markersRemoved: 0,
        uploadsAborted: 0,
        locked: 0,
        failed: 0,
      };
      const warn = (bucket: string, key: string, error: unknown) => {
        counts.failed++;
        logger?.warn(
          { job: LIFECYCLE_JOB, bucket, key, error: describeError(error) },
          'lifecycle action failed',
        );
      };
      const now = clock();
      const parsed = await readCursor(store, LIFECYCLE_JOB);
      // A rest saved under a longer day (the setting shortened since) ends with the new one.
      if (restOf(parsed, now.getTime(), dayMs)) return { ...counts, passesCompleted: 0 };
      const pass = new LifecyclePass(store, layer, now, dayMs, counts, warn);
      let cursor: LifecycleCursor | undefined =
        typeof parsed?.['bucket'] === 'string'
          ? {
              bucket: parsed['bucket'],
              afterKey: typeof parsed['afterKey'] === 'string' ? parsed['afterKey'] : undefined,
            }
          : undefined;
      const buckets = (await store.buckets.list())
        .filter((b) => b.lifecycle?.some((rule) => rule.status === 'Enabled'))
        .filter((b) => cursor === undefined || b.name >= cursor.bucket);
      for (const bucket of buckets) {
        const afterKey = bucket.name === cursor?.bucket ? cursor.afterKey : undefined;
        const stoppedAt = await pass.walkBucket(
          bucket,
          afterKey,
          pageSize,
          () => {
            return signal.aborted || counts.examined >= maxKeys;
          },
          async (key) => {
            cursor = { bucket: bucket.name, afterKey: key };
            await store.cursors.set(LIFECYCLE_JOB, JSON.stringify(cursor));
          },
        );
        if (stoppedAt === 'stopped') return { ...counts, passesCompleted: 0 };
        await pass.abortUploads(bucket, signal);
        if (signal.aborted) return { ...counts, passesCompleted: 0 };
      }
      const restUntil = (Math.floor(now.getTime() / dayMs) + 1) * dayMs;
      await store.cursors.set(LIFECYCLE_JOB, JSON.stringify({ restUntil }));
      return { ...counts, passesCompleted: 1 };
    },
    options.onRun,
  );
}

/** What the walk of one key's versions holds of those it has passed. */
interface KeyWalk {
  readonly key: string;
  /** Its latest version (object or delete marker), as listed. */
  readonly latest: ObjectVersion;
  /** What removals of noncurrent versions expect to be latest while they run. */
  guard: string | undefined;
  /** The version just newer than the next one. */
  previous: ObjectVersion;
  /** Noncurrent versions passed so far. */
  older: number;
  /** Noncurrent versions passed and left in place. */
  kept: number;
}

/** One run's walk: the rules applied to each key's versions and to each bucket's uploads. */
class LifecyclePass {
  constructor(
    readonly store: MetaStore,
    readonly layer: Pick<ObjectLayer, 'deleteObject'>,
    readonly now: Date,
    readonly dayMs: number,
    readonly counts: Counts,
    readonly warn: (bucket: string, key: string, error: unknown) => void,
  ) {}

  /**
   * Walks the bucket's versions after `afterKey`, a key at a time, newest version first. A key's
   * versions may span pages: they are applied as they come, holding only what the rules need of
   * the ones before (memory stays bounded by two pages however many versions a key has). After
   * each page, `save` gets the last key finished. Resolves `stopped` when `shouldStop` said so
   * (the place is saved; a key in progress is walked again from its start), `done` at the end.
   */
  async walkBucket(
    bucket: Bucket,
    afterKey: string | undefined,
    pageSize: number,
    shouldStop: () => boolean,
    save: (key: string) => Promise<void>,
  ): Promise<'stopped' | 'done'> {
    const rules = bucket.lifecycle ?? [];
    const list = (keyMarker: string | undefined, versionIdMarker: string | undefined) =>
      this.store.versions.list(bucket.name, { keyMarker, versionIdMarker, maxKeys: pageSize });
    if (shouldStop()) return 'stopped';
    let page = await list(afterKey, undefined);
    let walk: KeyWalk | undefined;
    for (;;) {
      // The next page is listed before this one is acted on: its marker, this page's last
      // version, must still exist when it is read (the listing skips the rest of a key whose
      // marker version is gone, and this page's removals may take it).
      const next = page.isTruncated
        ? await list(page.nextKeyMarker, page.nextVersionIdMarker)
        : undefined;
      let finished: string | undefined;
      for (const version of page.versions) {
        if (walk !== undefined && walk.key !== keyOf(version)) {
          await this.endKey(bucket, rules, walk);
          finished = walk.key;
          walk = undefined;
        }
        if (walk === undefined) walk = await this.startKey(bucket, rules, version);
        else await this.nextVersion(bucket, rules, walk, version);
      }
      if (next === undefined) {
        if (walk !== undefined) await this.endKey(bucket, rules, walk);
        return 'done';
      }
      if (finished !== undefined) await save(finished);
      if (shouldStop()) return 'stopped';
      page = next;
    }
  }

  /** A key's latest version: expires it when due, and starts the walk of its older versions. */
  async startKey(
    bucket: Bucket,
    rules: readonly LifecycleRule[],
    latest: ObjectVersion,
  ): Promise<KeyWalk> {
    this.counts.examined++;
    const key = keyOf(latest);
    const walk: KeyWalk = {
      key,
      latest,
      guard: writeIdOf(latest),
      previous: latest,
      older: 0,
      kept: 0,
    };
    if (latest.kind === 'object' && latest.isLatest) {
      const expiry = expiryOf(rules, subjectOf(latest), this.dayMs);
      if (expiry !== undefined && expiry.date <= this.now) {
        const expired = await this.act(bucket.name, key, 'expired', () =>
          this.layer.deleteObject({
            bucket: bucket.name,
            key,
            expectedLatest: latest.record.versionId,
            byLifecycle: true,
          }),
        );
        // In a versioned bucket the marker just added is latest now.
        if (expired) {
          const now = await this.store.versions.latest(bucket.name, key);
          walk.guard = now === undefined ? undefined : writeIdOf(now);
        }
      }
    }
    return walk;
  }

  /** The key's next older (noncurrent) version: removed when a rule makes it due. */
  async nextVersion(
    bucket: Bucket,
    rules: readonly LifecycleRule[],
    walk: KeyWalk,
    version: ObjectVersion,
  ): Promise<void> {
    // It became noncurrent when the version just newer than it was written.
    const noncurrentSince = lastModifiedOf(walk.previous);
    const newerNoncurrent = walk.older;
    walk.previous = version;
    walk.older++;
    const guard = walk.guard;
    if (
      guard === undefined ||
      !this.noncurrentDue(rules, version, noncurrentSince, newerNoncurrent)
    ) {
      walk.kept++;
      return;
    }
    // Only while the latest listed is still latest: a client's undelete or rollback meanwhile
    // may have made this version current again.
    const removed = await this.act(bucket.name, walk.key, 'noncurrentRemoved', () =>
      this.layer.deleteObject({
        bucket: bucket.name,
        key: walk.key,
        versionId: versionIdOf(version),
        expectedLatest: guard,
        byLifecycle: true,
      }),
    );
    if (!removed) walk.kept++;
  }

  /** After a key's last version: its delete marker goes when nothing is left behind it. */
  async endKey(bucket: Bucket, rules: readonly LifecycleRule[], walk: KeyWalk): Promise<void> {
    const { latest } = walk;
    if (latest.kind !== 'marker' || !latest.isLatest || walk.kept > 0) return;
    if (!this.markerDue(rules, latest)) return;
    await this.act(bucket.name, walk.key, 'markersRemoved', () =>
      this.layer.deleteObject({
        bucket: bucket.name,
        key: walk.key,
        versionId: versionIdOf(latest),
        expectedLatest: writeIdOf(latest),
        byLifecycle: true,
      }),
    );
  }

  /**
   * Whether a noncurrent version is due: a matching rule's `NoncurrentDays` have passed since it
   * became noncurrent and at least `NewerNoncurrentVersions` newer noncurrent versions exist.
   */
  noncurrentDue(
    rules: readonly LifecycleRule[],
    version: ObjectVersion,
    noncurrentSince: Date,
    newerNoncurrent: number,
  ): boolean {
    return rulesFor(rules, subjectOf(version)).some((rule) => {
      const action = rule.noncurrentVersionExpiration;
      if (action === undefined) return false;
      if (newerNoncurrent < (action.newerNoncurrentVersions ?? 0)) return false;
      return lifecycleDueDate(noncurrentSince, action.noncurrentDays, this.dayMs) <= this.now;
    });
  }

  /** Whether a delete marker left alone is due for removal under a matching rule. */
  markerDue(rules: readonly LifecycleRule[], latest: ObjectVersion): boolean {
    return rulesFor(rules, subjectOf(latest)).some(({ expiration }) => {
      if (expiration?.expiredObjectDeleteMarker === true) return true;
      return (
        expiration?.days !== undefined &&
        lifecycleDueDate(lastModifiedOf(latest), expiration.days, this.dayMs) <= this.now
      );
    });
  }

  /**
   * Runs one action and counts it under `what`. A lost race (the version changed or went since it
   * was listed) counts as nothing; Object Lock counts as `locked`; anything else as `failed`.
   * Resolves whether the action happened.
   */
  async act(
    bucket: string,
    key: string,
    what: 'expired' | 'noncurrentRemoved' | 'markersRemoved',
    action: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      await action();
      this.counts[what]++;
      return true;
    } catch (error) {
      const code = s3ErrorCodeOf(error);
      if (code === 'PreconditionFailed' || code === 'NoSuchKey') return false;
      if (code === 'AccessDenied') this.counts.locked++;
      else this.warn(bucket, key, error);
      return false;
    }
  }

  /** Aborts the bucket's uploads a rule's `AbortIncompleteMultipartUpload` has made due. */
  async abortUploads(bucket: Bucket, signal: AbortSignal): Promise<void> {
    const rules = bucket.lifecycle ?? [];
    if (!rules.some((rule) => rule.abortIncompleteMultipartUploadDays !== undefined)) return;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    while (!signal.aborted) {
      const page = await this.store.uploads.list(bucket.name, {
        ...(keyMarker === undefined ? {} : { keyMarker }),
        ...(uploadIdMarker === undefined ? {} : { uploadIdMarker }),
        maxUploads: 1000,
      });
      for (const upload of page.uploads) {
        const due = abortDateOf(rules, upload.key, upload.initiatedAt, this.dayMs);
        if (due === undefined || due.date > this.now) continue;
        try {
          // Re-read in its transaction: an upload completed meanwhile is left alone.
          if (await this.store.uploads.retire(upload.uploadId, LIFECYCLE_ABORT_REASON)) {
            this.counts.uploadsAborted++;
          }
        } catch (error) {
          this.warn(bucket.name, upload.key, error);
        }
      }
      if (!page.isTruncated) return;
      keyMarker = page.nextKeyMarker;
      uploadIdMarker = page.nextUploadIdMarker;
    }
  }
}

function keyOf(version: ObjectVersion): string {
  return version.kind === 'object' ? version.record.key : version.marker.key;
}

function lastModifiedOf(version: ObjectVersion): Date {
  return version.kind === 'object' ? version.record.lastModified : version.marker.lastModified;
}

/** The write id of a version (`ObjectRecord.versionId`, `DeleteMarker.versionId`). */
function writeIdOf(version: ObjectVersion): string {
  return version.kind === 'object' ? version.record.versionId : version.marker.versionId;
}

function versionIdOf(version: ObjectVersion): string {
  return s3VersionIdOf(version.kind === 'object' ? version.record : version.marker);
}

/** What a rule's filter sees of a version (a marker has a key only). */
function subjectOf(version: ObjectVersion): LifecycleSubject & { lastModified: Date } {
  if (version.kind === 'marker') {
    return { key: version.marker.key, lastModified: version.marker.lastModified };
  }
  const { key, size, tags, lastModified } = version.record;
  return { key, size, tags, lastModified };
}
