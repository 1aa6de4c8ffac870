import { createHash } from 'node:crypto';
import type { HistoryCursor, MetaStore, ObjectRecord } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import { describeError } from './internal/describe-error.js';
import { readCursor, restOf } from './internal/job-cursor.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** The name of the surplus cleaner job, of its lease (`worker:surplus-cleaner`) and its cursor. */
export const SURPLUS_CLEANER_JOB = 'surplus-cleaner';

/** Options of {@link createSurplusCleaner}. */
export interface SurplusCleanerOptions extends JobOptions {
  readonly store: MetaStore;
  /** Takes surplus copies off (`trimCopy`); its `pool` says which backends to walk. */
  readonly layer: Pick<ObjectLayer, 'trimCopy' | 'pool'>;
  /**
   * How long the replication settings and backend states must stay unchanged before surplus
   * copies are taken off (default 24 h): a factor lowered by mistake, or a backend's state
   * changed for a moment, can be put back before any copy goes.
   */
  readonly graceMs?: number;
  /**
   * What the caller's replication settings are (every bucket's factor and backends), as any
   * string that changes when they do: with the pool's backend states, what the grace watches.
   */
  readonly settings?: string;
  /** Versions read per page of a backend's walk (default 100). */
  readonly batchSize?: number;
  /** Copies looked at per run at most (default 1000); the next run goes on from there. */
  readonly maxCopiesPerRun?: number;
  /** The rest between two passes over every copy (default 1 day). */
  readonly passIntervalMs?: number;
}

/** What one surplus cleaner run did. */
export interface SurplusCleanerResult extends JobRunResult {
  /** Copies looked at. */
  readonly examined: number;
  /** Surplus copies taken off their versions (their blobs queued for deletion). */
  readonly trimmed: number;
  /** Surplus copies left because a copy that would stay was not found: tried again next pass. */
  readonly unverified: number;
  /** Copies that could not be looked at (the metastore or a backend failing). */
  readonly failed: number;
  /** 1 while the grace period since the settings last changed runs, else 0. */
  readonly waiting: number;
  /** 1 when this run finished a pass over every backend, else 0. */
  readonly passesCompleted: number;
}

/**
 * Takes off copies beyond their bucket's replication factor (after a factor was lowered, or a
 * bucket's backends changed), never one of those that stay and never before those are found on
 * their backends (`layer.trimCopy`). It waits `graceMs` after the settings it watches last
 * changed (the `settings` string and every backend's state, remembered in the metastore), then
 * walks the backends whose copies count (`active`, `readonly`), each by `objects.listByBackend`
 * (current versions) then `versions.listByBackend` (the noncurrent ones of versioned buckets),
 * saving its place in `store.cursors` (name `surplus-cleaner`) after each page; a finished pass
 * rests `passIntervalMs`. Default interval: 10 minutes.
 *
 * @throws RangeError for a non-positive `batchSize` or `maxCopiesPerRun`, or a negative
 *   `graceMs` or `passIntervalMs`.
 */
export function createSurplusCleaner(options: SurplusCleanerOptions): Job<SurplusCleanerResult> {
  const { store, layer, logger, batchSize = 100, maxCopiesPerRun = 1000 } = options;
  const { clock = () => new Date(), graceMs = 86_400_000, passIntervalMs = 86_400_000 } = options;
  if (!(batchSize > 0) || !(maxCopiesPerRun > 0) || !(graceMs >= 0) || !(passIntervalMs >= 0)) {
    throw new RangeError(
      'batchSize and maxCopiesPerRun must be positive, graceMs and passIntervalMs not negative',
    );
  }
  return new PeriodicJob(
    SURPLUS_CLEANER_JOB,
    options.intervalMs ?? 600_000,
    logger,
    async (signal) => {
      const counts = { examined: 0, trimmed: 0, unverified: 0, failed: 0 };
      const now = clock().getTime();
      const members = layer.pool.members();
      const fingerprint = createHash('sha256')
        .update(options.settings ?? '')
        .update(JSON.stringify(members.map((m) => [m.name, m.state])))
        .digest('hex');
      const saved = await readCursor(store, SURPLUS_CLEANER_JOB);
      const stableSince = saved?.['stableSince'];
      if (saved?.['fingerprint'] !== fingerprint || typeof stableSince !== 'number') {
        // Settings changed (or a first run): the grace starts now, and a pass starts over.
        const fresh = { fingerprint, stableSince: now };
        await store.cursors.set(SURPLUS_CLEANER_JOB, JSON.stringify(fresh));
        return { ...counts, waiting: graceMs > 0 ? 1 : 0, passesCompleted: 0 };
      }
      if (now - stableSince < graceMs) return { ...counts, waiting: 1, passesCompleted: 0 };
      if (restOf(saved, now, passIntervalMs)) return { ...counts, waiting: 0, passesCompleted: 0 };
      const save = (place: Record<string, unknown>) =>
        store.cursors.set(
          SURPLUS_CLEANER_JOB,
          JSON.stringify({ fingerprint, stableSince, ...place }),
        );
      const names = members
        .filter((m) => m.state === 'active' || m.state === 'readonly')
        .map((m) => m.name);
      // A function: the counts as they stand when the run stops, not as they were here.
      const stopped = () => ({ ...counts, waiting: 0, passesCompleted: 0 });
      /** Looks at each record's copy on `backend`; resolves false when the run must stop. */
      const visit = async (backend: string, records: readonly ObjectRecord[]) => {
        for (const { bucket, key, versionId } of records) {
          if (signal.aborted || counts.examined + counts.failed >= maxCopiesPerRun) return false;
          try {
            const out = await layer.trimCopy({ bucket, key, versionId, backend, signal });
            counts.examined++;
            if (out.kind === 'trimmed') counts.trimmed++;
            if (out.kind === 'unverified') {
              counts.unverified++;
              logger?.warn(
                { job: SURPLUS_CLEANER_JOB, backend, bucket, key, versionId },
                'surplus copy kept: a copy that would stay was not found on its backend',
              );
            }
          } catch (error) {
            if (signal.aborted) return false;
            counts.failed++;
            logger?.warn(
              { job: SURPLUS_CLEANER_JOB, backend, bucket, key, error: describeError(error) },
              'could not look at a copy',
            );
          }
        }
        return true;
      };
      const at = typeof saved['backend'] === 'string' ? names.indexOf(saved['backend']) : -1;
      for (const name of names.slice(Math.max(0, at))) {
        const resume = name === saved['backend'] ? saved : undefined;
        // Current versions first, then the noncurrent ones a versioned bucket keeps.
        if (resume?.['phase'] !== 'history') {
          let afterBucket = stringOr(resume?.['afterBucket']);
          let afterKey = stringOr(resume?.['afterKey']);
          for (;;) {
            const page = await store.objects.listByBackend(name, {
              afterBucket,
              afterKey,
              limit: batchSize,
            });
            if (!(await visit(name, page))) return stopped();
            const last = page.at(-1);
            if (last === undefined || page.length < batchSize) break;
            afterBucket = last.bucket;
            afterKey = last.key;
            await save({ backend: name, afterBucket, afterKey });
          }
          await save({ backend: name, phase: 'history' });
        }
        let after = resume?.['phase'] === 'history' ? historyCursorOf(resume['after']) : undefined;
        for (;;) {
          const page = await store.versions.listByBackend(name, { after, limit: batchSize });
          if (!(await visit(name, page.records))) return stopped();
          if (page.next === undefined) break;
          after = page.next;
          await save({ backend: name, phase: 'history', after });
        }
        const following = names[names.indexOf(name) + 1];
        await save(
          following === undefined ? { restUntil: now + passIntervalMs } : { backend: following },
        );
      }
      if (names.length === 0) await save({ restUntil: now + passIntervalMs });
      return { ...counts, waiting: 0, passesCompleted: 1 };
    },
    options.onRun,
  );
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A saved place in a walk of noncurrent versions; `undefined` (start over) when malformed. */
function historyCursorOf(value: unknown): HistoryCursor | undefined {
  const cursor = value as Partial<Record<keyof HistoryCursor, unknown>> | null | undefined;
  return typeof cursor?.bucket === 'string' &&
    typeof cursor.key === 'string' &&
    typeof cursor.writeId === 'string'
    ? { bucket: cursor.bucket, key: cursor.key, writeId: cursor.writeId }
    : undefined;
}
