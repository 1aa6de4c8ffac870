import { readProcStatusBytes } from './internal/proc-stats.js';

/** A running RSS sampler of one process. */
export type RssSampler = {
  /** Stops sampling; returns the peak RSS seen (bytes) since start. Idempotent. */
  stop(): number;
};

/**
 * Samples `VmRSS` of `pid` every `intervalMs` (50 ms) and keeps the peak. Unlike `VmHWM`
 * (peak since the process began) this isolates one phase of a long-lived server.
 */
export function startRssSampler(pid: number, intervalMs = 50): RssSampler {
  let peak = readProcStatusBytes(pid, 'VmRSS') ?? 0;
  const timer = setInterval(() => {
    const rss = readProcStatusBytes(pid, 'VmRSS');
    if (rss !== undefined && rss > peak) peak = rss;
  }, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        const rss = readProcStatusBytes(pid, 'VmRSS');
        if (rss !== undefined && rss > peak) peak = rss;
      }
      return peak;
    },
  };
}
