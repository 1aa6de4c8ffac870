import type { Better, NoiseCheck, Reference, ResultRow } from './report/result.js';
import { summarize } from './stats.js';
import type { ColumnName } from './targets/target.js';

type Series = {
  unit: string;
  better: Better;
  chart: boolean;
  samples: Map<ColumnName, { values: number[]; extras: Map<string, number[]> }>;
};

/** Options describing a case the first time it is recorded. */
export type CaseOptions = {
  readonly unit: string;
  readonly better: Better;
  readonly chart?: boolean;
};

/**
 * Collects repeated samples per (case, target), in the order cases are first seen, and turns
 * them into result rows. Samples recorded with `noise: true` form the second series of the
 * noise check instead.
 */
export class Recorder {
  readonly #cases = new Map<string, Series>();
  readonly #noise = new Map<string, { target: ColumnName; unit: string; values: number[] }>();
  readonly #references = new Map<string, { unit: string; values: number[] }>();

  /** Adds one sample of a reference measurement (not a server). */
  addReference(name: string, unit: string, value: number): void {
    const entry = this.#references.get(name) ?? { unit, values: [] };
    entry.values.push(value);
    this.#references.set(name, entry);
  }

  /** Reference measurements, summarized. */
  references(): Reference[] {
    return [...this.#references].map(([name, e]) => ({
      name,
      unit: e.unit,
      ...summarize(e.values),
    }));
  }

  /** Adds one sample (and optional side measurements) for `target` in `caseName`. */
  add(
    caseName: string,
    options: CaseOptions,
    target: ColumnName,
    value: number,
    extras: Readonly<Record<string, number>> = {},
  ): void {
    let series = this.#cases.get(caseName);
    if (!series) {
      series = { ...options, chart: options.chart ?? true, samples: new Map() };
      this.#cases.set(caseName, series);
    }
    let cell = series.samples.get(target);
    if (!cell) {
      cell = { values: [], extras: new Map() };
      series.samples.set(target, cell);
    }
    cell.values.push(value);
    for (const [k, v] of Object.entries(extras)) {
      const list = cell.extras.get(k) ?? [];
      list.push(v);
      cell.extras.set(k, list);
    }
  }

  /** Adds a sample to the second measurement of `caseName` for `target` (the noise check). */
  addNoise(caseName: string, unit: string, target: ColumnName, value: number): void {
    const key = `${target}\u0000${caseName}`;
    const entry = this.#noise.get(key) ?? { target, unit, values: [] };
    entry.values.push(value);
    this.#noise.set(key, entry);
  }

  /** Result rows, one per case. */
  rows(): ResultRow[] {
    return [...this.#cases].map(([name, s]) => ({
      case: name,
      unit: s.unit,
      better: s.better,
      chart: s.chart,
      cells: Object.fromEntries(
        [...s.samples].map(([target, cell]) => [
          target,
          {
            ...summarize(cell.values),
            extras: Object.fromEntries([...cell.extras].map(([k, v]) => [k, summarize(v).median])),
          },
        ]),
      ),
    }));
  }

  /** Noise checks: the first series of each noise case against its second series. */
  noise(): NoiseCheck[] {
    const checks: NoiseCheck[] = [];
    for (const [key, entry] of this.#noise) {
      const caseName = key.split('\u0000')[1] ?? '';
      const firstValues = this.#cases.get(caseName)?.samples.get(entry.target)?.values;
      if (!firstValues) continue;
      const first = summarize(firstValues);
      const second = summarize(entry.values);
      const mean = (first.median + second.median) / 2;
      checks.push({
        target: entry.target,
        case: caseName,
        unit: entry.unit,
        first,
        second,
        diffPct: mean ? (Math.abs(first.median - second.median) / mean) * 100 : 0,
      });
    }
    return checks;
  }
}
