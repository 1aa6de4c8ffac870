import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';
import { COMPAT_RESULTS_DIR, type CompatCell, type CompatSuiteResult } from './compat-cells.js';

/** Collects a suite file's cells and writes them once the file is done. */
export interface CompatRecorder {
  /**
   * Records every test registered in the current `describe` (and below) as a cell of `client`
   * over `transport`; the capability is the name of the test's innermost `describe`, or
   * `capabilityOf(test name)` when given.
   */
  track(client: string, transport: string, capabilityOf?: (test: string) => string): void;
  /** Records a deliberate limitation (no test runs for it). */
  limitation(client: string, capability: string, transport: string, reason: string): void;
  /** Notes a client's version, as the client itself reported it. */
  version(client: string, version: string): void;
}

function firstLine(text: string): string {
  // ANSI colours come from vitest's diff printer.
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '').trim();
  return (plain.split('\n').find((l) => l.trim() !== '') ?? plain).trim().slice(0, 300);
}

/** A one-line reason: the assertion's message, and what was expected and seen when short. */
function reasonOf(error: { message: string; actual?: unknown; expected?: unknown }): string {
  const head = firstLine(error.message);
  const { actual, expected } = error;
  if (typeof actual !== 'string' || typeof expected !== 'string') return head;
  const clip = (s: string) => firstLine(s.replace(/\s+/g, ' ')).slice(0, 160);
  // "expected { …(2) } to deeply equal { …(2) }" says nothing the values do not.
  const prefix = /^expected .* to (deeply )?equal|^expected .* to be /.test(head)
    ? ''
    : `${head.slice(0, 120)}: `;
  return `${prefix}expected ${clip(expected)}, got ${clip(actual)}`;
}

/**
 * Creates the recorder of one suite file; its cells go to `.results/compat/<suite>.json` after
 * the file's last test, replacing the previous run of that suite only.
 */
export function createCompatRecorder(suite: string): CompatRecorder {
  const cells: CompatCell[] = [];
  const versions: Record<string, string> = {};
  afterAll(() => {
    mkdirSync(COMPAT_RESULTS_DIR, { recursive: true });
    const result: CompatSuiteResult = {
      suite,
      finishedAt: new Date().toISOString(),
      versions,
      cells,
    };
    writeFileSync(
      join(COMPAT_RESULTS_DIR, `${suite}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  });
  return {
    track(client, transport, capabilityOf) {
      beforeEach((context) => {
        context.onTestFinished(({ task }) => {
          const state = task.result?.state;
          // Skipped and todo tests are not outcomes (the suites never skip on purpose).
          if (state !== 'pass' && state !== 'fail') return;
          const error = task.result?.errors?.[0] as
            { message: string; actual?: unknown; expected?: unknown } | undefined;
          cells.push({
            client,
            capability: capabilityOf ? capabilityOf(task.name) : (task.suite?.name ?? task.name),
            transport,
            test: task.name,
            outcome: state,
            ...(state === 'fail' && error ? { reason: reasonOf(error) } : {}),
          });
        });
      });
    },
    limitation(client, capability, transport, reason) {
      cells.push({ client, capability, transport, test: '', outcome: 'limitation', reason });
    },
    version(client, version) {
      versions[client] = version;
    },
  };
}
