import { readProcStatusBytes } from '../internal/proc-stats.js';
import { quantile } from '../stats.js';

/** One VmRSS reading: ms since the run began, bytes. */
export type RssSample = { readonly atMs: number; readonly bytes: number };

/** A running timeline of one process's VmRSS. */
export type RssTimeline = {
  /** Stops sampling (idempotent) and returns every sample, in time order. */
  stop(): readonly RssSample[];
};

/**
 * Reads `/proc/<pid>/status` VmRSS every `intervalMs` and keeps every reading, timed from `t0`
 * (a `performance.now()` value). The peak comes from `startRssSampler` (50 ms); this keeps the
 * shape over time, so growth after warm-up can be read off it. 10 minutes at 250 ms: 2,400
 * samples.
 */
export function startRssTimeline(pid: number, t0: number, intervalMs = 250): RssTimeline {
  const samples: RssSample[] = [];
  const read = (): void => {
    const bytes = readProcStatusBytes(pid, 'VmRSS');
    if (bytes !== undefined) samples.push({ atMs: performance.now() - t0, bytes });
  };
  read();
  const timer = setInterval(read, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
      }
      return samples;
    },
  };
}

/**
 * The RSS "at" `atMs`: the median of the samples in the `windowMs` before it (one reading
 * catches whatever buffers happen to be live at that instant; a median of many does not), or
 * the nearest earlier sample if the window is empty. Bytes; NaN when there are no samples.
 */
export function rssAt(samples: readonly RssSample[], atMs: number, windowMs: number): number {
  const window = samples.filter((s) => s.atMs <= atMs && s.atMs > atMs - windowMs);
  if (window.length > 0)
    return quantile(
      window.map((s) => s.bytes),
      0.5,
    );
  const earlier = samples.filter((s) => s.atMs <= atMs);
  return earlier[earlier.length - 1]?.bytes ?? Number.NaN;
}
