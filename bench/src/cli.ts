/**
 * `pnpm bench`: runs the scenarios, writes `results/<scenario>.{json,md,svg}` and prints each
 * table. Every child process is stopped and every temp dir removed at the end, on failure and
 * on Ctrl-C too.
 */
import { fileURLToPath } from 'node:url';
import { isCheckFailed } from './check/check-report.js';
import { BaselineUnavailableError, readBaseline, type Baseline } from './check/read-baseline.js';
import { writeCheck } from './check/write-check.js';
import { killAllChildren, stopAllChildren } from './internal/children.js';
import { runExitHooks } from './internal/exit-hooks.js';
import { removeTempDirs, removeTempDirsSync } from './internal/temp-dirs.js';
import { parseCli, USAGE } from './options.js';
import { printProfileSummary } from './profile-summary.js';
import type { ScenarioResult } from './report/result.js';
import { writeResults, writeSummary } from './report/write-results.js';
import { runScenario } from './run-scenario.js';
import { ALL_SCENARIOS } from './scenarios/all-scenarios.js';
import { TargetPool } from './targets/target-pool.js';

const log = (text: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
};

function emergencyCleanup(): void {
  killAllChildren();
  runExitHooks();
  removeTempDirsSync();
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const committedResults = fileURLToPath(new URL('../results', import.meta.url));
  const options = parseCli(argv, committedResults);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.scenarios[0] === 'profile-summary') {
    for (const file of options.scenarios.slice(1)) await printProfileSummary(file);
    return 0;
  }
  const unknown = options.scenarios.filter((s) => !ALL_SCENARIOS.some((x) => x.name === s));
  if (unknown.length > 0) {
    console.error(`unknown scenario: ${unknown.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const selected = ALL_SCENARIOS.filter((s) =>
    options.scenarios.length === 0 ? s.onlyWhenNamed !== true : options.scenarios.includes(s.name),
  );
  // `--check`'s baseline is what is committed at HEAD, not the working tree's results (an earlier
  // uncommitted run may have replaced them), read with git before anything runs: a checkout
  // without git fails now rather than after the run, and a commit made during the run does
  // not move the baseline.
  let baseline: Baseline | undefined;
  if (options.check) {
    try {
      baseline = await readBaseline(
        committedResults,
        selected.map((s) => s.name),
      );
    } catch (error) {
      if (!(error instanceof BaselineUnavailableError)) throw error;
      console.error(`--check: cannot read the committed baseline: ${error.message}`);
      return 2;
    }
  }
  const pool = new TargetPool({
    // Full: large keeps 3 GiB in RGW's RAM memstore and backends 6 GiB (deletes are reclaimed
    // by a deferred GC), so 8 GiB would fill up when both run.
    rgwMemGiB: options.quick ? 4 : 12,
    cpuProfileDir: options.cpuProfileDir,
    log,
  });
  let wrote = false;
  const failed: string[] = [];
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      log(`scenario ${scenario.name}${options.quick ? ' (quick)' : ''}`);
      const only = options.onlyTargets;
      const restricted = only
        ? { ...scenario, targets: scenario.targets.filter((t) => only.includes(t)) }
        : scenario;
      const result = await runScenario(restricted, pool, options, log);
      const markdown = await writeResults(options.outDir, result);
      wrote = true;
      results.push(result);
      console.log(`\n${markdown}`);
      for (const v of result.verdicts ?? []) {
        if (v.exitNonZero) failed.push(`${scenario.name}: ${v.text}`);
      }
    }
  } finally {
    await pool.close();
    await stopAllChildren();
    await removeTempDirs();
    if (wrote)
      await writeSummary(
        options.outDir,
        ALL_SCENARIOS.map((s) => s.name),
      );
  }
  if (baseline) {
    const { report, markdown } = await writeCheck(
      options.outDir,
      baseline,
      results,
      options.checkThresholdPct,
    );
    console.log(`\n${markdown}`);
    // Asked for by `--check`, so a script can act on it; a plain run still only reports.
    if (isCheckFailed(report))
      failed.push(
        `--check: ${report.counts.dropped} ratio(s) dropped by more than ${report.thresholdPct}%`,
      );
  }
  // A bench reports rather than asserts, except what a scenario says a run must not hide and
  // what `--check` was asked to catch.
  for (const f of failed) log(`exit 1: ${f}`);
  return failed.length > 0 ? 1 : 0;
}

process.on('exit', emergencyCleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every server`);
    emergencyCleanup();
    process.exit(130);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
