/**
 * vitest globalSetup for the e2e project: after the run, regenerate `docs/compatibility.md`
 * from the cells the suites recorded.
 */
import { writeCompatMatrix } from './write-compat-matrix.js';

/** Nothing to prepare: each suite replaces its own results file when it runs. */
export function setup(): void {}

/** Writes the matrix (runs once, after every e2e test file). */
export async function teardown(): Promise<void> {
  const file = await writeCompatMatrix();
  console.log(`compatibility matrix written to ${file}`);
}
