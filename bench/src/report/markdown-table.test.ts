import { describe, expect, it } from 'vitest';
import { Recorder } from '../recorder.js';
import { renderMarkdown } from './markdown-table.js';
import type { ScenarioResult } from './result.js';
import { renderSvgChart } from './svg-bar-chart.js';

function result(): ScenarioResult {
  const r = new Recorder();
  for (const v of [200, 220, 210]) r.add('PUT', { unit: 'MiB/s', better: 'higher' }, 'strata', v);
  for (const v of [400, 420]) r.add('PUT', { unit: 'MiB/s', better: 'higher' }, 'raw', v);
  r.add('p99', { unit: 'ms', better: 'lower', chart: false }, 'strata', 5);
  r.add('p99', { unit: 'ms', better: 'lower', chart: false }, 'raw', 10);
  r.addNoise('PUT', 'MiB/s', 'strata', 190);
  return {
    scenario: 't',
    title: 'T <&>',
    quick: true,
    startedAt: 'now',
    durationS: 1,
    inProcess: false,
    machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 1, node: 'v20', kernel: 'k', loadAvg1m: 0 },
    targets: [
      { name: 'strata', available: true, description: '' },
      { name: 'raw', available: true, description: '' },
      { name: 'rgw', available: false, description: '', reason: 'no ceph' },
    ],
    rows: r.rows(),
    noise: r.noise(),
    references: [],
    loadGenerator: { cpuUserS: 1, cpuSystemS: 0, wallS: 2, cpuPctOfOneCore: 50 },
    notes: [],
    failures: [],
  };
}

describe('renderMarkdown', () => {
  it('orients ratios so above 1 means Strata is better, and reports noise and absences', () => {
    const md = renderMarkdown(result());
    expect(md).toContain('| PUT | MiB/s | 210 (200–220) | 410 (400–420) | 0.51× |');
    expect(md).toContain('| p99 | ms | 5.00 (5.00–5.00) | 10.0 (10.0–10.0) | 2.00× |');
    expect(md).toMatch(/Noise check: strata "PUT".*210 vs 190 MiB\/s \(10\.0% apart\)/);
    expect(md).toContain('Unavailable: rgw: no ceph.');
  });

  it('compares a Strata variant with strata, not strata with it (above 1 = the variant better)', () => {
    const r = new Recorder();
    r.add('GET', { unit: 'ops/s', better: 'higher' }, 'strata', 1000);
    r.add('GET', { unit: 'ops/s', better: 'higher' }, 'strata-metrics', 960);
    r.add('GET', { unit: 'ops/s', better: 'higher' }, 'raw', 2000);
    r.add('p50', { unit: 'ms', better: 'lower' }, 'strata', 10);
    r.add('p50', { unit: 'ms', better: 'lower' }, 'strata-metrics', 12.5);
    const md = renderMarkdown({
      ...result(),
      targets: ['strata', 'strata-metrics', 'raw'].map((name) => ({
        name: name as 'strata' | 'strata-metrics' | 'raw',
        available: true,
        description: '',
      })),
      rows: r.rows(),
    });
    expect(md).toContain(
      '| case | unit | strata | strata-metrics | raw | strata vs raw | strata-metrics vs strata |',
    );
    expect(md).toContain(
      '| GET | ops/s | 1,000 (1,000–1,000) | 960 (960–960) | 2,000 (2,000–2,000) | 0.50× | 0.96× |',
    );
    expect(md).toContain('| p50 | ms | 10.0 (10.0–10.0) | 12.5 (12.5–12.5) | – | – | 0.80× |');
    expect(md).toContain('in `strata-metrics vs strata`, above 1× means the variant is better');
  });

  it("prints each of a scenario's pass/fail lines under its table, in order", () => {
    const pass = { pass: true, text: 'no errors, growth < 64 MiB: 0 errors', exitNonZero: false };
    expect(renderMarkdown({ ...result(), verdicts: [pass] })).toContain(
      '\n**PASS**: no errors, growth < 64 MiB: 0 errors\n',
    );
    const fail = { pass: false, text: '3 errors', exitNonZero: true };
    expect(renderMarkdown({ ...result(), verdicts: [fail] })).toContain('**FAIL**: 3 errors');
    expect(renderMarkdown({ ...result(), verdicts: [pass, fail] })).toContain(
      '\n**PASS**: no errors, growth < 64 MiB: 0 errors\n\n**FAIL**: 3 errors\n',
    );
    expect(renderMarkdown(result())).not.toMatch(/PASS|FAIL/);
  });
});

describe('renderSvgChart', () => {
  it('draws one bar per target of charted rows only, with escaped text', () => {
    const svg = renderSvgChart(result());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x="170"/g)).toHaveLength(2);
    expect(svg).toContain('T &#60;&#38;&#62; (quick)');
    expect(svg).not.toContain('p99');
  });
});
