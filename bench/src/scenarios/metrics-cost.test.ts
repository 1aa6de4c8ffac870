import { describe, expect, it } from 'vitest';
import { Recorder } from '../recorder.js';
import type { ScrapeStats } from '../targets/metrics-scraper.js';
import { metricsCosts, metricsCostVerdict } from './metrics-cost.js';

const OPS = { unit: 'ops/s', better: 'higher' } as const;

function recorder(getMetrics: number): Recorder {
  const r = new Recorder();
  r.add('PUT 4 KiB c=16', OPS, 'strata', 300);
  r.add('PUT 4 KiB c=16', OPS, 'strata-metrics', 297);
  r.add('PUT 4 KiB c=16', OPS, 'raw', 1500);
  r.add('GET 4 KiB c=16', OPS, 'strata', 1000);
  r.add('GET 4 KiB c=16', OPS, 'strata-metrics', getMetrics);
  r.add('GET 4 KiB c=16 p50', { unit: 'ms', better: 'lower' }, 'strata', 10);
  r.add('GET 4 KiB c=16 p50', { unit: 'ms', better: 'lower' }, 'strata-metrics', 12);
  r.add('GET 64 KiB c=16', OPS, 'strata', 500);
  r.add('GET 64 KiB c=16', OPS, 'strata-metrics', 100);
  return r;
}

const scrapes: ScrapeStats = {
  intervalMs: 5000,
  ok: 12,
  errors: 0,
  skipped: 0,
  lastError: undefined,
  durationsMs: [8, 10, 12],
  lastBytes: 30 * 1024,
};

describe('metricsCostVerdict', () => {
  it('states strata-metrics ÷ strata on the 4 KiB ops/s rows and judges GET against 5%', () => {
    const r = recorder(970);
    expect(metricsCosts(r.rows(), 'GET')).toEqual([
      { case: 'GET 4 KiB c=16', ratio: 0.97, costPct: expect.closeTo(3, 6) as number },
    ]);
    const verdict = metricsCostVerdict(r.rows(), r.noise(), scrapes);
    expect(verdict?.pass).toBe(true);
    expect(verdict?.exitNonZero).toBe(false);
    expect(verdict?.text).toMatch(/^metrics cost on 4 KiB GET: 3\.0% \(aim ≤ 5%\); /);
    expect(verdict?.text).toContain('GET c=16 0.970× (3.0%); PUT c=16 0.990× (1.0%)');
    expect(verdict?.text).toContain('12 scrapes every 5 s, 0 failed, median 10.0 ms, 30 KiB');
  });

  it('fails over the aim, and says when the noise check is wider than the aim', () => {
    const r = recorder(900);
    r.addNoise('GET 4 KiB c=16', 'ops/s', 'strata', 800);
    const verdict = metricsCostVerdict(r.rows(), r.noise(), scrapes);
    expect(verdict?.pass).toBe(false);
    expect(verdict?.text).toContain('metrics cost on 4 KiB GET: 10.0%');
    expect(verdict?.text).toContain('22.2% apart, wider than the aim');
  });

  it('does not pass when scrapes failed, and has no verdict without both Stratas', () => {
    const failing = { ...scrapes, ok: 0, errors: 3, lastError: 'status 401' };
    const verdict = metricsCostVerdict(recorder(1000).rows(), [], failing);
    expect(verdict?.pass).toBe(false);
    expect(verdict?.text).toContain('3 scrapes every 5 s, 3 failed (last: status 401)');
    const r = new Recorder();
    r.add('GET 4 KiB c=16', OPS, 'strata', 1000);
    expect(metricsCostVerdict(r.rows(), [], scrapes)).toBeUndefined();
  });
});
