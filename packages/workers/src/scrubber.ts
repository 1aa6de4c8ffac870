import { setTimeout as sleep } from 'node:timers/promises';
import type { MetaStore } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import { describeError } from './internal/describe-error.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** The name of the scrubber job, of its lease (`worker:scrubber`) and of its cursor. */
export const SCRUBBER_JOB = 'scrubber';

/** Options of {@link createScrubber}. */
export interface ScrubberOptions extends JobOptions {
  readonly store: MetaStore;
  /** Checks and repairs each copy (`scrubCopy`); its `pool` says which backends to walk. */
  readonly layer: Pick<ObjectLayer, 'scrubCopy' | 'pool'>;
  /** Bytes read per second at most, over a run (default 16 MiB/s): scrubbing is background work. */
  readonly bytesPerSecond?: number;
  /** Objects read per page of a backend's walk (default 100). */
  readonly batchSize?: number;
  /** Copies checked per run at most (default 1000); the next run goes on from there. */
  readonly maxCopiesPerRun?: number;
  /**
   * The rest between the end of one pass over every copy and the start of the next (default
   * 7 days): each copy is read about once per this period, plus the time a pass takes.
   */
  readonly passIntervalMs?: number;
}

/** What one scrubber run did. */
export interface ScrubberResult extends JobRunResult {
  /** Copies read and compared with their rows. */
  readonly checked: number;
  /** Bytes read (bad copies' good twins included). */
  readonly bytes: number;
  /** Bad copies (missing or corrupt) replaced from a good copy. */
  readonly repaired: number;
  /** Bad copies with no good copy to repair them from: reported (an error log line each). */
  readonly unrepairable: number;
  /** Copies that could not be read (a backend down): left for a later pass. */
  readonly failed: number;
  /** 1 when this run finished a pass over every backend, else 0. */
  readonly passesCompleted: number;
}

/**
 * Where a pass stands: the backend being walked and the last object checked there; or, between
 * passes, when the next one may start.
 */
type ScrubCursor =
  | {
      readonly backend: string;
      readonly afterBucket?: string | undefined;
      readonly afterKey?: string | undefined;
    }
  | { readonly restUntil: number };

/**
 * Reads every copy of every current object version at a bounded rate and checks it against its
 * row (`layer.scrubCopy`: the size, and the MD5 of each part of a plaintext version); a missing or
 * corrupt copy is replaced from another copy that checks good (taken off the row, its blob
 * queued for deletion, a new copy queued for the replicator), and one with no good copy is
 * reported. Walks the backends that hold data (every state but `removed`) in configuration order,
 * each by `objects.listByBackend`, saving its place in the metastore (`cursors`, name
 * `scrubber`) after each page, so a run checks at most `maxCopiesPerRun` copies and the next run,
 * on whichever instance holds the lease, goes on from there; after a full pass it rests
 * `passIntervalMs`. Noncurrent versions are not checked. Default interval: 1 minute.
 *
 * @throws RangeError for a non-positive `bytesPerSecond`, `batchSize` or `maxCopiesPerRun`, or a
 *   negative `passIntervalMs`.
 * @example
 * ```ts
 * const scrubber = createScrubber({ store, layer, bytesPerSecond: 8 * 1024 * 1024, logger });
 * scrubber.start();
 * ```
 */
export function createScrubber(options: ScrubberOptions): Job<ScrubberResult> {
  const { store, layer, logger, batchSize = 100, maxCopiesPerRun = 1000 } = options;
  const { clock = () => new Date(), passIntervalMs = 7 * 86_400_000 } = options;
  const bytesPerSecond = options.bytesPerSecond ?? 16 * 1024 * 1024;
  if (
    !(bytesPerSecond > 0) ||
    !(batchSize > 0) ||
    !(maxCopiesPerRun > 0) ||
    !(passIntervalMs >= 0)
  ) {
    throw new RangeError(
      'bytesPerSecond, batchSize and maxCopiesPerRun must be positive, passIntervalMs not negative',
    );
  }
  return new PeriodicJob(
    SCRUBBER_JOB,
    options.intervalMs ?? 60_000,
    logger,
    async (signal) => {
      const counts = { checked: 0, bytes: 0, repaired: 0, unrepairable: 0, failed: 0 };
      const started = performance.now();
      // Sleeps whenever the run has read more than its budget allows so far.
      const pace = async (bytes: number) => {
        counts.bytes += bytes;
        const due = (counts.bytes / bytesPerSecond) * 1000 - (performance.now() - started);
        if (due > 1) await sleep(due, undefined, { signal });
      };
      const saved = await store.cursors.get(SCRUBBER_JOB);
      const parsed = saved === undefined ? undefined : (JSON.parse(saved) as ScrubCursor);
      if (parsed !== undefined && 'restUntil' in parsed && parsed.restUntil > clock().getTime()) {
        return { ...counts, passesCompleted: 0 };
      }
      const cursor = parsed !== undefined && 'backend' in parsed ? parsed : undefined;
      const names = layer.pool
        .members()
        .filter((m) => m.state !== 'removed')
        .map((m) => m.name);
      const start = cursor === undefined ? 0 : Math.max(0, names.indexOf(cursor.backend));
      for (const name of names.slice(start)) {
        const resume = name === cursor?.backend ? cursor : undefined;
        let afterBucket = resume?.afterBucket;
        let afterKey = resume?.afterKey;
        for (;;) {
          if (signal.aborted || counts.checked >= maxCopiesPerRun) {
            return { ...counts, passesCompleted: 0 };
          }
          const page = await store.objects.listByBackend(name, {
            afterBucket,
            afterKey,
            limit: batchSize,
          });
          for (const record of page) {
            if (signal.aborted) return { ...counts, passesCompleted: 0 };
            const fields = {
              job: SCRUBBER_JOB,
              backend: name,
              bucket: record.bucket,
              key: record.key,
            };
            try {
              const out = await layer.scrubCopy({
                ...record,
                backend: name,
                signal,
                onBytes: pace,
              });
              if (out.kind === 'stale') continue;
              counts.checked++;
              if (out.kind === 'repaired') {
                counts.repaired++;
                logger?.warn(
                  { ...fields, problem: out.problem, from: out.from },
                  'bad copy repaired',
                );
              } else if (out.kind === 'unrepairable') {
                counts.unrepairable++;
                logger?.error(
                  { ...fields, problem: out.problem },
                  'bad copy, and no good copy to repair it from',
                );
              }
            } catch (error) {
              if (signal.aborted) return { ...counts, passesCompleted: 0 };
              counts.failed++;
              logger?.warn({ ...fields, error: describeError(error) }, 'could not check a copy');
            }
          }
          const last = page.at(-1);
          if (last === undefined || page.length < batchSize) break;
          afterBucket = last.bucket;
          afterKey = last.key;
          const next: ScrubCursor = { backend: name, afterBucket, afterKey };
          await store.cursors.set(SCRUBBER_JOB, JSON.stringify(next));
        }
        const following = names[names.indexOf(name) + 1];
        const next: ScrubCursor =
          following === undefined
            ? { restUntil: clock().getTime() + passIntervalMs }
            : { backend: following };
        await store.cursors.set(SCRUBBER_JOB, JSON.stringify(next));
      }
      if (names.length === 0) {
        await store.cursors.set(
          SCRUBBER_JOB,
          JSON.stringify({ restUntil: clock().getTime() + passIntervalMs }),
        );
      }
      return { ...counts, passesCompleted: 1 };
    },
    options.onRun,
  );
}
