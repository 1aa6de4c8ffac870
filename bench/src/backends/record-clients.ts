import { extrasOf, type Measured } from '../measure.js';
import type { Recorder } from '../recorder.js';
import { formatSize, MiB } from '../scenarios/scenario.js';
import { quantile } from '../stats.js';
import type { ColumnName } from '../targets/target.js';
import type { ClientDriver } from './client-driver.js';
import type { SmallOpsConfig } from './path-transfers.js';

/** One repeat of one client: small PUTs and GETs (latencies in ms), then one large PUT and GET. */
export type ClientOpSamples = {
  readonly smallPut: Measured<number[]>;
  readonly smallGet: Measured<number[]>;
  readonly largePut: Measured<void>;
  readonly largeGet: Measured<void>;
};

type Plan = { readonly small: SmallOpsConfig; readonly largeSize: number };

const GiB = 2 ** 30;
const table = { better: 'lower', chart: false } as const;

/**
 * Records one repeat of the client comparison, operation by operation (so the rows of one
 * operation sit together): each client's rate, p50 for small objects, the bench process's CPU
 * per operation, then `s3-client ÷ <sdk>` from the samples of this same repeat.
 */
export function recordClientRep(
  recorder: Recorder,
  column: ColumnName,
  plan: Plan,
  drivers: readonly ClientDriver[],
  samples: ReadonlyMap<ClientDriver, ClientOpSamples>,
): void {
  const { size, concurrency } = plan.small;
  const small = `${formatSize(size)} c=${concurrency}`;
  const large = formatSize(plan.largeSize);
  const ops = [
    { name: `PUT ${small}`, pick: (s: ClientOpSamples) => s.smallPut, small: true },
    { name: `GET ${small}`, pick: (s: ClientOpSamples) => s.smallGet, small: true },
    { name: `PUT ${large}`, pick: (s: ClientOpSamples) => s.largePut, small: false },
    { name: `GET ${large}`, pick: (s: ClientOpSamples) => s.largeGet, small: false },
  ];
  for (const op of ops) {
    const rates = new Map<string, number>();
    for (const d of drivers) {
      const s = samples.get(d);
      if (s)
        rates.set(
          d.name,
          recordClientOp(
            recorder,
            column,
            plan,
            `clients, ${op.name}: ${d.name}`,
            op.small,
            op.pick(s),
          ),
        );
    }
    const ours = rates.get('s3-client');
    for (const [name, rate] of rates) {
      if (name === 's3-client' || ours === undefined) continue;
      const ratio = { unit: '×', better: 'higher', chart: false } as const;
      recorder.add(`clients, ${op.name}: s3-client ÷ ${name}`, ratio, column, ours / rate);
    }
  }
}

/** One client's rows for one operation; returns its rate. */
function recordClientOp(
  recorder: Recorder,
  column: ColumnName,
  plan: Plan,
  row: string,
  small: boolean,
  m: Measured<number[] | void>,
): number {
  const { count } = plan.small;
  const rate = small ? count / m.wallS : plan.largeSize / MiB / m.wallS;
  const unit = small ? 'ops/s' : 'MiB/s';
  recorder.add(row, { unit, better: 'higher' }, column, rate, extrasOf(m));
  if (small) {
    const p50 = quantile(m.result ?? [], 0.5);
    recorder.add(`${row}, p50`, { ...table, unit: 'ms' }, column, p50);
    recorder.add(`${row}, bench CPU per op`, { ...table, unit: 'µs' }, column, cpu(m, count));
  } else {
    const perGiB = m.clientCpuS / (plan.largeSize / GiB);
    recorder.add(`${row}, bench CPU per GiB`, { ...table, unit: 's' }, column, perGiB);
  }
  return rate;
}

function cpu(m: Measured<unknown>, count: number): number {
  return (m.clientCpuS / count) * 1e6;
}
