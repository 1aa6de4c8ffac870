import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ScenarioResult } from '../report/result.js';

const run = promisify(execFile);

/** The results committed at a git revision. */
export type Baseline = {
  /** The revision asked for (`HEAD`). */
  readonly ref: string;
  /** The commit it named when the baseline was read. */
  readonly commit: string;
  /** `<scenario>.json` as committed, for the scenarios that have one there. */
  readonly results: ReadonlyMap<string, ScenarioResult>;
};

/** git could not read the baseline: no git, not a checkout, a bad revision. */
export class BaselineUnavailableError extends Error {
  readonly code = 'EBASELINE_UNAVAILABLE';
}

/**
 * Reads `<resultsDir>/<scenario>.json` for each of `scenarios` as committed at `ref`, with
 * `git show <commit>:./<scenario>.json` run in `resultsDir`: the committed file, whatever an
 * earlier uncommitted run left in the working tree. A scenario with no committed file is left
 * out of `results`.
 *
 * @throws {BaselineUnavailableError} when git fails for any other reason.
 */
export async function readBaseline(
  resultsDir: string,
  scenarios: readonly string[],
  ref = 'HEAD',
): Promise<Baseline> {
  const commit = (await git(resultsDir, ['rev-parse', '--verify', `${ref}^{commit}`])).trim();
  const results = new Map<string, ScenarioResult>();
  for (const name of scenarios) {
    const text = await git(resultsDir, ['show', `${commit}:./${name}.json`]).catch(
      (error: unknown) => {
        // git's wording for a path the commit does not have (on disk or not).
        if (/does not exist in|exists on disk, but not in/.test(stderrOf(error))) return undefined;
        throw error;
      },
    );
    if (text !== undefined) results.set(name, JSON.parse(text) as ScenarioResult);
  }
  return { ref, commit, results };
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    // backends.json is ~100 KiB; leave room for much larger results.
    // LC_ALL=C: a scenario with no committed results is told apart by git's English wording
    // (readBaseline), which a translated git would not print.
    const { stdout } = await run('git', [...args], {
      cwd,
      env: { ...process.env, LC_ALL: 'C' },
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const detail =
      stderrOf(error).trim() || (error instanceof Error ? error.message : String(error));
    throw new BaselineUnavailableError(`git ${args.join(' ')} (in ${cwd}): ${detail}`, {
      cause: error,
    });
  }
}

function stderrOf(error: unknown): string {
  const e = error instanceof BaselineUnavailableError ? error.cause : error;
  const stderr = (e as { stderr?: unknown } | undefined)?.stderr;
  return typeof stderr === 'string' ? stderr : '';
}
