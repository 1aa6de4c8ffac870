import type { HistoryCursor, MetaStore, ObjectRecord } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import { describeError } from './internal/describe-error.js';
import { mapConcurrently } from './internal/map-concurrently.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** How many keys of lost copies the drainer names in its one log line a run. */
const LOST_SAMPLE = 10;

/** Options of {@link createDrainer}. */
export interface DrainerOptions extends JobOptions {
  readonly store: MetaStore;
  /** Moves the copies (`evacuateCopy`) and knows which backends are draining (`pool`). */
  readonly layer: Pick<ObjectLayer, 'evacuateCopy' | 'pool'>;
  /** Objects read per page of a draining backend (default 100). */
  readonly batchSize?: number;
  /** Copies moved in parallel (default 4). */
  readonly concurrency?: number;
}

/** What one drain run did. */
export interface DrainerResult extends JobRunResult {
  /** Copies moved to another backend (a replacement written first). */
  readonly moved: number;
  /** Copies removed because the object had enough others. */
  readonly removed: number;
  /** Copies left for the next run: no backend could take a replacement, or a backend failed. */
  readonly failed: number;
  /**
   * Copies on a `removed` backend whose version has no other readable copy: kept (recorded, in
   * case the backend comes back), counted on every run until then, and summed up in one error
   * line a run (with a few of their keys).
   */
  readonly lost: number;
}

/**
 * Empties backends in state `draining` or `removed`: walks each one's copies
 * (`objects.listByBackend` for current versions, then `versions.listByBackend` for the
 * noncurrent versions of versioned buckets; keyset walks with memory bounded by `batchSize`) and
 * has the object layer take each copy off (`evacuateCopy`: a replacement is written elsewhere
 * first whenever the object would otherwise fall below its bucket's replication factor). A
 * draining copy's blob then goes to the cleanup queue; a removed backend's copy is only
 * forgotten, its replacement read from the other copies (backfill after a backend is lost), and
 * one with no other copy is reported `lost`. A copy that cannot move now is counted and retried
 * on the next run. Once a draining backend holds no copies, it can be dropped from the
 * configuration. Default interval: 1 minute.
 *
 * @example
 * ```ts
 * const drainer = createDrainer({ store, layer, logger });
 * drainer.start(); // moves whatever sits on a backend configured `state: draining`
 * ```
 */
export function createDrainer(options: DrainerOptions): Job<DrainerResult> {
  const { store, layer, batchSize = 100, concurrency = 4, logger } = options;
  if (!(batchSize > 0) || !(concurrency > 0)) {
    throw new RangeError('batchSize and concurrency must be positive');
  }
  return new PeriodicJob(
    'drainer',
    options.intervalMs ?? 60_000,
    logger,
    async (signal) => {
      const counts = { moved: 0, removed: 0, failed: 0, lost: 0 };
      const lostKeys: string[] = [];
      const draining = layer.pool
        .members()
        .filter((m) => m.state === 'draining' || m.state === 'removed');
      const evacuate = async (name: string, records: readonly ObjectRecord[]) => {
        const outcomes = await mapConcurrently(records, concurrency, async (record) => {
          try {
            const out = await layer.evacuateCopy({ ...record, backend: name, signal });
            if (out.kind === 'lost' && lostKeys.length < LOST_SAMPLE) {
              lostKeys.push(`${record.bucket}/${record.key}`);
            }
            return out.kind === 'stale' ? undefined : out.kind;
          } catch (error) {
            if (signal.aborted) return undefined;
            const fields = {
              job: 'drainer',
              backend: name,
              bucket: record.bucket,
              key: record.key,
              versionId: record.versionId,
            };
            logger?.warn({ ...fields, error: describeError(error) }, 'could not move a copy');
            return 'failed' as const;
          }
        });
        for (const outcome of outcomes) if (outcome !== undefined) counts[outcome]++;
      };
      for (const { name } of draining) {
        let after: ObjectRecord | undefined;
        while (!signal.aborted) {
          const page = await store.objects.listByBackend(name, {
            afterBucket: after?.bucket,
            afterKey: after?.key,
            limit: batchSize,
          });
          await evacuate(name, page);
          after = page.at(-1);
          if (page.length < batchSize) break;
        }
        // Then the noncurrent versions a versioned bucket keeps: their bytes must leave too.
        let cursor: HistoryCursor | undefined;
        while (!signal.aborted) {
          const page = await store.versions.listByBackend(name, {
            after: cursor,
            limit: batchSize,
          });
          await evacuate(name, page.records);
          cursor = page.next;
          if (cursor === undefined) break;
        }
      }
      // One line a run, not one a copy: a lost backend may have held millions of sole copies.
      if (counts.lost > 0) {
        logger?.error(
          { job: 'drainer', lost: counts.lost, sample: lostKeys },
          'copies lost: their backend is removed and the objects have no other copy',
        );
      }
      return counts;
    },
    options.onRun,
  );
}
