import { readProcCpuSeconds } from './internal/proc-stats.js';
import { startRssSampler } from './rss-sampler.js';

/** What one timed run cost, on both sides of the socket. */
export type Measured<T> = {
  readonly result: T;
  readonly wallS: number;
  /** CPU seconds the server process used during the run. */
  readonly serverCpuS: number;
  /** CPU seconds the bench process (the load generator) used during the run. */
  readonly clientCpuS: number;
  /** Peak VmRSS of the server during the run (sampled every 50 ms), MiB. */
  readonly serverPeakRssMiB: number;
};

/** Runs `fn` once, timing it and sampling the server `pid`'s CPU and RSS around it. */
export async function measure<T>(pid: number, fn: () => Promise<T>): Promise<Measured<T>> {
  const sampler = startRssSampler(pid);
  const cpu0 = process.cpuUsage();
  const server0 = readProcCpuSeconds(pid) ?? 0;
  const t0 = process.hrtime.bigint();
  try {
    const result = await fn();
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return {
      result,
      wallS,
      serverCpuS: (readProcCpuSeconds(pid) ?? server0) - server0,
      clientCpuS: (cpu.user + cpu.system) / 1e6,
      serverPeakRssMiB: sampler.stop() / 2 ** 20,
    };
  } finally {
    sampler.stop();
  }
}

/** The side measurements of a {@link Measured} as result extras. */
export function extrasOf(m: Measured<unknown>): Record<string, number> {
  return {
    serverCpuS: m.serverCpuS,
    clientCpuS: m.clientCpuS,
    serverPeakRssMiB: m.serverPeakRssMiB,
  };
}

/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight and returns each
 * task's latency in milliseconds. A bounded worker pool: no unbounded promise fan-out.
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies = new Array<number>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return latencies;
}
