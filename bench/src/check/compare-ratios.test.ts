import { describe, expect, it } from 'vitest';
import { Recorder } from '../recorder.js';
import { renderMarkdown } from '../report/markdown-table.js';
import type { Better, NoiseCheck, ScenarioResult } from '../report/result.js';
import { summarize } from '../stats.js';
import type { ColumnName } from '../targets/target.js';
import { createCheckReport, isCheckFailed, renderCheckReport } from './check-report.js';
import { collectRatios } from './collect-ratios.js';
import { compareScenario, type RatioComparison } from './compare-ratios.js';

type Row = readonly [string, string, Better, Partial<Record<ColumnName, number>>];

/** A scenario result as the recorder builds it: one sample per cell. */
function scenario(
  rows: readonly Row[],
  targets: readonly ColumnName[],
  noise: readonly Pick<NoiseCheck, 'target' | 'case' | 'diffPct'>[] = [],
): ScenarioResult {
  const r = new Recorder();
  for (const [name, unit, better, cells] of rows)
    for (const [target, value] of Object.entries(cells))
      r.add(name, { unit, better }, target as ColumnName, value);
  return {
    scenario: 's',
    title: 'S',
    quick: true,
    startedAt: 'then',
    durationS: 1,
    inProcess: false,
    machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 1, node: 'v20', kernel: 'k', loadAvg1m: 0 },
    targets: targets.map((name) => ({ name, available: true, description: '' })),
    rows: r.rows(),
    noise: noise.map((n) => ({ ...n, unit: '', first: summarize([1]), second: summarize([1]) })),
    references: [],
    loadGenerator: { cpuUserS: 1, cpuSystemS: 0, wallS: 1, cpuPctOfOneCore: 100 },
    notes: [],
    failures: [],
  };
}

function find(ratios: readonly RatioComparison[], row: string, column: string): RatioComparison {
  const found = ratios.find((r) => r.row === row && r.column === column);
  if (!found) throw new Error(`no ratio ${row} / ${column} in ${JSON.stringify(ratios)}`);
  return found;
}

const MIBS = 'MiB/s';
const SERVERS: readonly ColumnName[] = ['strata', 'raw'];

describe('compareScenario', () => {
  it('names a ratio that dropped 15% and not one that dropped 5%', () => {
    const before = scenario(
      [
        ['PUT', MIBS, 'higher', { strata: 200, raw: 400 }],
        ['GET', MIBS, 'higher', { strata: 200, raw: 400 }],
      ],
      SERVERS,
    );
    const now = scenario(
      [
        ['PUT', MIBS, 'higher', { strata: 170, raw: 400 }],
        ['GET', MIBS, 'higher', { strata: 190, raw: 400 }],
      ],
      SERVERS,
    );
    const { ratios } = compareScenario(before, now, 10);
    expect(find(ratios, 'PUT', 'strata vs raw')).toMatchObject({
      baseline: 0.5,
      now: 0.425,
      changePct: expect.closeTo(-15, 6) as number,
      dropPct: expect.closeTo(15, 6) as number,
      status: 'dropped',
    });
    expect(find(ratios, 'GET', 'strata vs raw')).toMatchObject({
      dropPct: expect.closeTo(5, 6) as number,
      status: 'ok',
    });
    // The threshold is the caller's: at 20% the 15% drop is not named.
    expect(find(compareScenario(before, now, 20).ratios, 'PUT', 'strata vs raw').status).toBe('ok');
  });

  it('judges latency rows the other way round: slower Strata is a drop, faster is not', () => {
    const rows = (p50: number, p99: number): Row[] => [
      ['p50', 'ms', 'lower', { strata: p50, raw: 10 }],
      ['p99', 'ms', 'lower', { strata: p99, raw: 10 }],
    ];
    const { ratios } = compareScenario(
      scenario(rows(10, 10), SERVERS),
      scenario(rows(8, 12), SERVERS),
      10,
    );
    // p50 got faster (10 → 8 ms): strata vs raw rises from 1.00× to 1.25×.
    expect(find(ratios, 'p50', 'strata vs raw')).toMatchObject({ now: 1.25, status: 'ok' });
    // p99 got slower (10 → 12 ms): 1.00× → 0.83×, a 16.7% drop.
    expect(find(ratios, 'p99', 'strata vs raw')).toMatchObject({
      dropPct: expect.closeTo(16.67, 1) as number,
      status: 'dropped',
    });
  });

  it("compares ratio rows' own cells in the row's direction", () => {
    const rows = (page: Record<string, number>, commits: number): Row[] => [
      ['page time 100 k ÷ 10 k keys', '×', 'lower', page],
      ['with ÷ without accounting', '×', 'higher', { sqlite: commits }],
    ];
    const columns: ColumnName[] = ['sqlite', 'postgres'];
    const { ratios } = compareScenario(
      scenario(rows({ sqlite: 1, postgres: 1 }, 0.9), columns),
      scenario(rows({ sqlite: 1.15, postgres: 0.85 }, 0.76), columns),
      10,
    );
    const page = 'page time 100 k ÷ 10 k keys';
    expect(find(ratios, page, 'sqlite')).toMatchObject({ better: 'lower', status: 'dropped' });
    expect(find(ratios, page, 'postgres')).toMatchObject({ better: 'lower', status: 'ok' });
    expect(find(ratios, 'with ÷ without accounting', 'sqlite').status).toBe('dropped');
    // No strata column: no `strata vs` ratios are invented.
    expect(ratios.filter((r) => r.column.includes(' vs '))).toEqual([]);
  });

  it('lists a ratio missing from the baseline as new and one missing now as gone', () => {
    const before = scenario(
      [['PUT', MIBS, 'higher', { strata: 200, raw: 400, rgw: 100 }]],
      ['strata', 'raw', 'rgw'],
    );
    const now = scenario(
      [
        ['PUT', MIBS, 'higher', { strata: 200, raw: 400, s3rver: 100 }],
        ['HEAD', 'ops/s', 'higher', { strata: 100, raw: 200 }],
      ],
      ['strata', 'raw', 's3rver'],
    );
    const { ratios } = compareScenario(before, now, 10);
    expect(find(ratios, 'PUT', 'strata vs s3rver')).toMatchObject({
      baseline: null,
      status: 'new',
    });
    expect(find(ratios, 'HEAD', 'strata vs raw')).toMatchObject({ status: 'new' });
    expect(find(ratios, 'PUT', 'strata vs rgw')).toMatchObject({
      baseline: 2,
      now: null,
      status: 'gone',
    });
    expect(find(ratios, 'PUT', 'strata vs raw').status).toBe('ok');
    expect(compareScenario(undefined, now, 10).ratios.every((r) => r.status === 'new')).toBe(true);
  });

  it('notes when the baseline is not a like-for-like run', () => {
    const rows: Row[] = [['PUT', MIBS, 'higher', { strata: 200, raw: 400 }]];
    const now = scenario(rows, SERVERS);
    expect(compareScenario(now, now, 10).notes).toEqual([]);
    const full = { ...now, quick: false, machine: { ...now.machine, cpuModel: 'other' } };
    const notes = compareScenario(full, now, 10).notes;
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/baseline is a full run and this is a quick run/);
    expect(notes[1]).toMatch(/baseline ran on other, 2 cores, this run on cpu, 2 cores/);
  });

  it('calls a drop smaller than the noise check on its row "within noise", not dropped', () => {
    const before = scenario([['PUT', MIBS, 'higher', { strata: 200, raw: 400 }]], SERVERS);
    const rows: Row[] = [['PUT', MIBS, 'higher', { strata: 170, raw: 400 }]];
    const noisy = scenario(rows, SERVERS, [{ target: 'strata', case: 'PUT', diffPct: 20 }]);
    expect(find(compareScenario(before, noisy, 10).ratios, 'PUT', 'strata vs raw')).toMatchObject({
      noisePct: 20,
      status: 'within-noise',
    });
    // A narrower noise check, or one on another row, does not excuse the drop.
    const quiet = scenario(rows, SERVERS, [
      { target: 'strata', case: 'PUT', diffPct: 5 },
      { target: 'strata', case: 'GET', diffPct: 50 },
    ]);
    expect(find(compareScenario(before, quiet, 10).ratios, 'PUT', 'strata vs raw')).toMatchObject({
      noisePct: 5,
      status: 'dropped',
    });
  });

  it('compares a Strata variant with strata in the orientation the table prints', () => {
    const targets: ColumnName[] = ['strata', 'strata-metrics'];
    const { ratios } = compareScenario(
      scenario([['GET', 'ops/s', 'higher', { strata: 1000, 'strata-metrics': 1000 }]], targets),
      scenario([['GET', 'ops/s', 'higher', { strata: 1000, 'strata-metrics': 850 }]], targets),
      10,
    );
    expect(find(ratios, 'GET', 'strata-metrics vs strata')).toMatchObject({
      now: 0.85,
      status: 'dropped',
    });
  });

  it('compares strata-sse with strata, never with the peers; new against a baseline without it', () => {
    const before = scenario([['PUT 1 GiB', MIBS, 'higher', { strata: 200, raw: 400 }]], SERVERS);
    const now = scenario(
      [['PUT 1 GiB', MIBS, 'higher', { strata: 200, 'strata-sse': 180, raw: 400 }]],
      ['strata', 'strata-sse', 'raw'],
    );
    const { ratios } = compareScenario(before, now, 10);
    expect(ratios.map((r) => r.column)).toEqual(['strata vs raw', 'strata-sse vs strata']);
    expect(find(ratios, 'PUT 1 GiB', 'strata-sse vs strata')).toMatchObject({
      now: 0.9,
      status: 'new',
    });
  });
});

describe('collectRatios', () => {
  it('finds the ratios the Markdown table prints, with the same values', () => {
    const result = scenario(
      [
        ['PUT', MIBS, 'higher', { strata: 210, raw: 410 }],
        ['p99', 'ms', 'lower', { strata: 5, raw: 10 }],
      ],
      SERVERS,
    );
    const md = renderMarkdown(result);
    for (const p of collectRatios(result))
      expect(md).toMatch(new RegExp(`^\\| ${p.row} \\|.* ${p.value.toFixed(2)}× \\|$`, 'm'));
    expect(collectRatios(result).map((p) => [p.row, p.column])).toEqual([
      ['PUT', 'strata vs raw'],
      ['p99', 'strata vs raw'],
    ]);
  });
});

describe('check report', () => {
  it('fails only on a real drop, and prints and marks it', () => {
    const before = scenario([['PUT', MIBS, 'higher', { strata: 200, raw: 400 }]], SERVERS);
    const rows: Row[] = [['PUT', MIBS, 'higher', { strata: 170, raw: 400 }]];
    const baseline = { ref: 'HEAD', commit: '0123456789abcdef' };
    const dropped = createCheckReport(baseline, 10, [
      compareScenario(before, scenario(rows, SERVERS), 10),
    ]);
    expect(isCheckFailed(dropped)).toBe(true);
    expect(dropped.counts).toMatchObject({ dropped: 1, ok: 0 });
    const text = renderCheckReport(dropped);
    expect(text).toContain(
      '| s | PUT | strata vs raw | 0.500× | 0.425× | −15.0% | **dropped 15.0%** |',
    );
    expect(text).toContain('FAIL');
    const noisy = scenario(rows, SERVERS, [{ target: 'strata', case: 'PUT', diffPct: 20 }]);
    const excused = createCheckReport(baseline, 10, [compareScenario(before, noisy, 10)]);
    expect(isCheckFailed(excused)).toBe(false);
    expect(renderCheckReport(excused)).toContain('within noise (worse 15.0%, noise 20.0%)');
  });

  it('passes a scenario with no committed results yet: every ratio new, and says so', () => {
    const first = scenario(
      [
        ['encrypt 256 MiB', MIBS, 'higher', { strata: 900, raw: 1800 }],
        ['with ÷ without', '×', 'higher', { strata: 0.9 }],
      ],
      SERVERS,
    );
    const check = compareScenario(undefined, first, 10);
    expect(check.baseline).toBeNull();
    expect(check.ratios.map((r) => [r.row, r.column, r.status])).toEqual([
      ['encrypt 256 MiB', 'strata vs raw', 'new'],
      ['with ÷ without', 'strata', 'new'],
    ]);
    const report = createCheckReport({ ref: 'HEAD', commit: '0123456789abcdef' }, 10, [check]);
    expect(isCheckFailed(report)).toBe(false);
    const text = renderCheckReport(report);
    expect(text).toContain('Note: s: no baseline results for this scenario: every ratio is new.');
    expect(text).toMatch(/0 dropped .* 2 new, 0 gone\. PASS\./);
  });
});
