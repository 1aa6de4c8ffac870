/**
 * The compatibility matrix's data: what suites record and `scripts/write-compat-matrix.ts`
 * reads. No vitest import here, so the script (and a vitest globalSetup) can load it.
 */
import { fileURLToPath } from 'node:url';

/** Where suites leave their cells for `scripts/write-compat-matrix.ts` (gitignored). */
export const COMPAT_RESULTS_DIR = fileURLToPath(new URL('../../.results/compat', import.meta.url));

/** What became of one cell. `limitation`: deliberately not supported, with the reason. */
export const CELL_OUTCOMES = ['pass', 'fail', 'limitation'] as const;
/** One of {@link CELL_OUTCOMES}. */
export type CellOutcome = (typeof CELL_OUTCOMES)[number];

/** One test's outcome, attributed to a (client, capability, transport) cell. */
export interface CompatCell {
  readonly client: string;
  readonly capability: string;
  readonly transport: string;
  readonly test: string;
  readonly outcome: CellOutcome;
  /** Why it failed (the first line of the assertion), or why it is a limitation. */
  readonly reason?: string;
}

/** The file one suite writes: its cells and the versions of the clients it ran. */
export interface CompatSuiteResult {
  readonly suite: string;
  readonly finishedAt: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly cells: readonly CompatCell[];
}
