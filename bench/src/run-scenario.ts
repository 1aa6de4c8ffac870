import { describeMachine } from './machine.js';
import { Recorder } from './recorder.js';
import type { Failure, ScenarioResult, Verdict } from './report/result.js';
import type { RunOptions, Scenario } from './scenarios/scenario.js';
import { TARGET_DESCRIPTIONS, type RunningTarget } from './targets/target.js';
import type { TargetPool } from './targets/target-pool.js';

/**
 * Runs one scenario: starts its targets from the pool, runs it while tracking the bench
 * process's own CPU, and always releases the targets, even when the scenario throws.
 */
export async function runScenario(
  scenario: Scenario,
  pool: TargetPool,
  options: RunOptions,
  log: (text: string) => void,
): Promise<ScenarioResult> {
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  const targets = await pool.start(scenario.targets);
  const notes: string[] = [];
  const recorder = new Recorder();
  const failures: Failure[] = [];
  const running = targets.filter((t): t is RunningTarget => t.available);
  const unavailable = new Map<string, string>();
  const verdicts: Verdict[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await scenario.run({
      options,
      recorder,
      targets: running,
      note: (text) => notes.push(text),
      log: (text) => log(`[${scenario.name}] ${text}`),
      live: () => running.filter((t) => !failures.some((f) => f.target === t.name)),
      unavailable: (column, reason) => unavailable.set(column, reason),
      verdict: (v) => {
        verdicts.push(v);
      },
      async attempt(target, what, fn) {
        if (failures.some((f) => f.target === target.name)) return false;
        try {
          await fn();
          return true;
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error))
            .replace(/\s+/g, ' ')
            .slice(0, 400);
          failures.push({ target: target.name, what, message });
          log(`[${scenario.name}] ${target.name} FAILED at ${what}: ${message}`);
          return false;
        }
      },
    });
  } finally {
    await pool.release(targets);
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    scenario: scenario.name,
    title: scenario.title,
    quick: options.quick,
    startedAt,
    durationS: wallS,
    inProcess: scenario.inProcess !== undefined,
    machine,
    targets: [
      ...targets.map((t) => ({
        name: t.name,
        available: t.available,
        description: TARGET_DESCRIPTIONS[t.name],
        ...(t.available ? {} : { reason: t.reason }),
      })),
      ...[...(scenario.ownColumns ?? []), ...(scenario.inProcess ?? [])].map((c) => {
        const reason = unavailable.get(c.name);
        return reason === undefined
          ? { name: c.name, available: true, description: c.description }
          : { name: c.name, available: false, description: c.description, reason };
      }),
    ],
    rows: recorder.rows(),
    noise: recorder.noise(),
    references: recorder.references(),
    loadGenerator: {
      cpuUserS: cpu.user / 1e6,
      cpuSystemS: cpu.system / 1e6,
      wallS,
      cpuPctOfOneCore: ((cpu.user + cpu.system) / 1e6 / wallS) * 100,
    },
    notes,
    failures,
    ...(verdicts.length > 0 ? { verdicts } : {}),
  };
}
