import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioResult } from '../report/result.js';
import { createCheckReport, renderCheckReport, type CheckReport } from './check-report.js';
import { compareScenario } from './compare-ratios.js';
import type { Baseline } from './read-baseline.js';

/**
 * `--check` after a run: compares each scenario result with its baseline, writes the
 * comparison to `<dir>/check.json` and returns it with its Markdown table for the caller to
 * print.
 */
export async function writeCheck(
  dir: string,
  baseline: Baseline,
  results: readonly ScenarioResult[],
  thresholdPct: number,
): Promise<{ report: CheckReport; markdown: string }> {
  const report = createCheckReport(
    { ref: baseline.ref, commit: baseline.commit },
    thresholdPct,
    results.map((r) => compareScenario(baseline.results.get(r.scenario), r, thresholdPct)),
  );
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'check.json'), `${JSON.stringify(report, null, 2)}\n`);
  return { report, markdown: renderCheckReport(report) };
}
