import { setTimeout as sleep } from 'node:timers/promises';
import type { MetaStore } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import { describeError } from './internal/describe-error.js';
import { readCursor, restOf } from './internal/job-cursor.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** The name of the scrubber job, of its lease (`worker:scrubber`) and of its cursor. */
export const SCRUBBER_JOB = 'scrubber';

/** Bytes read between two saves of the scrubber's place within a page. */
const SAVE_EVERY_BYTES = 256 * 1024 * 1024;

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
  /**
   * Copies that could not be checked (their backend down), or bad ones whose other copies could
   * not be read: left for a later pass. They count towards `maxCopiesPerRun`.
   */
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
      const parsed = await readCursor(store, SCRUBBER_JOB);
      // A rest longer than the interval allows (the setting shortened since) ends now.
      const rest = restOf(parsed, clock().getTime(), passIntervalMs);
      if (rest) return { ...counts, passesCompleted: 0 };
      const cursor =
        typeof parsed?.['backend'] === 'string'
          ? {
              backend: parsed['backend'],
              afterBucket: stringOr(parsed['afterBucket']),
              afterKey: stringOr(parsed['afterKey']),
            }
          : undefined;
      const names = layer.pool
        .members()
        .filter((m) => m.state !== 'removed')
        .map((m) => m.name);
      const start = cursor === undefined ? 0 : Math.max(0, names.indexOf(cursor.backend));
      for (const name of names.slice(start)) {
        const resume = name === cursor?.backend ? cursor : undefined;
        let afterBucket = resume?.afterBucket;
        let afterKey = resume?.afterKey;
        let savedAt = counts.bytes;
        const save = async (record: { bucket: string; key: string }) => {
          afterBucket = record.bucket;
          afterKey = record.key;
          savedAt = counts.bytes;
          const next: ScrubCursor = { backend: name, afterBucket, afterKey };
          await store.cursors.set(SCRUBBER_JOB, JSON.stringify(next));
        };
        for (;;) {
          const page = await store.objects.listByBackend(name, {
            afterBucket,
            afterKey,
            limit: batchSize,
          });
          let failures = 0;
          for (const record of page) {
            // Failures count too: a backend that fails fast must not let a run walk it all.
            if (signal.aborted || counts.checked + counts.failed >= maxCopiesPerRun) {
              return { ...counts, passesCompleted: 0 };
            }
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
              if (out.kind !== 'stale') counts.checked++;
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
              } else if (out.kind === 'unverified') {
                counts.failed++;
                logger?.warn(
                  { ...fields, problem: out.problem },
                  'bad copy, and its other copies could not be read: left for a later pass',
                );
              }
            } catch (error) {
              if (signal.aborted) return { ...counts, passesCompleted: 0 };
              counts.failed++;
              failures++;
              logger?.warn({ ...fields, error: describeError(error) }, 'could not check a copy');
            }
            // Large objects take long to read: the place is saved often enough that a restart
            // or a lease change does not read them again.
            if (counts.bytes - savedAt >= SAVE_EVERY_BYTES) await save(record);
          }
          // A whole page that could not be read: the backend is likely down. Stop here, without
          // moving the place past it; the next run tries again.
          if (page.length > 0 && failures === page.length) return { ...counts, passesCompleted: 0 };
          const last = page.at(-1);
          if (last === undefined || page.length < batchSize) break;
          await save(last);
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

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
