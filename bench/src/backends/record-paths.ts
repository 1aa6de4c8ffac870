import type { Recorder } from '../recorder.js';
import { MiB } from '../scenarios/scenario.js';
import { quantile } from '../stats.js';
import type { ColumnName } from '../targets/target.js';
import type { PhaseSample } from './path-sample.js';
import { phaseExtras } from './path-sample.js';
import type { PutGetSample } from './path-transfers.js';

/** What a pair of samples measured: one large object, or many small ones. */
export type PairKind =
  | { readonly kind: 'large'; readonly label: string; readonly size: number; readonly aim: number }
  | {
      readonly kind: 'small';
      readonly label: string;
      readonly count: number;
      readonly aim: number;
    };

const GiB = 2 ** 30;
const table = { better: 'lower', chart: false } as const;

/** The row of `gateway ÷ direct` for one operation. */
export function ratioRow(op: string, pair: PairKind): string {
  return `${op} ${pair.label}: gateway ÷ direct (aim ≥ ${pair.aim})`;
}

/**
 * Records one repeat of the same work done directly on the backend and through the gateway,
 * measured back to back: each rate, `gateway ÷ direct` from these two samples, the CPU each
 * server spent per unit of work, latencies (small objects) and the gateway's peak RSS (large).
 * With `noise`, only the second series of the ratio and of the gateway's rate are recorded.
 */
export function recordPair(
  recorder: Recorder,
  column: ColumnName,
  pair: PairKind,
  direct: PutGetSample,
  gateway: PutGetSample,
  noise: boolean,
): void {
  for (const op of ['PUT', 'GET'] as const) {
    const d = op === 'PUT' ? direct.put : direct.get;
    const g = op === 'PUT' ? gateway.put : gateway.get;
    const unit = pair.kind === 'large' ? 'MiB/s' : 'ops/s';
    const [rd, rg] = [rate(pair, d), rate(pair, g)];
    const name = `${op} ${pair.label}`;
    if (noise) {
      recorder.addNoise(ratioRow(op, pair), '×', column, rg / rd);
      recorder.addNoise(`${name} through the gateway`, unit, column, rg);
      continue;
    }
    const higher = { unit, better: 'higher' } as const;
    recorder.add(`${name} direct`, higher, column, rd, phaseExtras(d));
    recorder.add(`${name} through the gateway`, higher, column, rg, phaseExtras(g));
    recorder.add(ratioRow(op, pair), { unit: '×', better: 'higher' }, column, rg / rd);
    if (pair.kind === 'small') {
      const latencies = (x: PutGetSample) => (op === 'PUT' ? x.putLatenciesMs : x.getLatenciesMs);
      recordLatencies(recorder, column, name, latencies(direct), latencies(gateway));
    }
    recordCpu(recorder, column, pair, name, d, g);
    if (pair.kind === 'large') {
      const rss = { ...table, unit: 'MiB' } as const;
      recorder.add(`${name}: gateway peak RSS`, rss, column, g.serverPeakRssMiB);
    }
  }
}

/** p50 and p99 of both paths (ms), table only. */
function recordLatencies(
  recorder: Recorder,
  column: ColumnName,
  name: string,
  direct: readonly number[],
  gateway: readonly number[],
): void {
  const ms = { ...table, unit: 'ms' } as const;
  for (const q of [0.5, 0.99]) {
    const p = `p${Math.round(q * 100)}`;
    recorder.add(`${name} ${p} direct`, ms, column, quantile(direct, q));
    recorder.add(`${name} ${p} through the gateway`, ms, column, quantile(gateway, q));
  }
}

function rate(pair: PairKind, s: PhaseSample): number {
  return pair.kind === 'large' ? pair.size / MiB / s.wallS : pair.count / s.wallS;
}

/** CPU per unit of work: what bounds a path on 2 cores shared by client, gateway and backend. */
function recordCpu(
  recorder: Recorder,
  column: ColumnName,
  pair: PairKind,
  name: string,
  d: PhaseSample,
  g: PhaseSample,
): void {
  const [unit, per] = pair.kind === 'large' ? ['s', pair.size / GiB] : ['µs', pair.count / 1e6];
  const what = pair.kind === 'large' ? 'CPU per GiB' : 'CPU per op';
  const opts = { ...table, unit };
  recorder.add(`${name}: backend ${what}, direct`, opts, column, d.serverCpuS / per);
  recorder.add(`${name}: gateway ${what}`, opts, column, g.serverCpuS / per);
  recorder.add(`${name}: backend ${what}, through the gateway`, opts, column, g.backendCpuS / per);
}
