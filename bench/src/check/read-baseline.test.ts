import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BaselineUnavailableError, readBaseline } from './read-baseline.js';

const run = promisify(execFile);
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-baseline-'));
  dirs.push(dir);
  return dir;
}

describe('readBaseline', () => {
  it('reads the committed results, not what a later run left in the working tree', async () => {
    const repo = await tempDir();
    const results = join(repo, 'bench', 'results');
    await mkdir(results, { recursive: true });
    const git = (...args: string[]) => run('git', args, { cwd: repo });
    await git('init', '-q');
    await writeFile(join(results, 'small.json'), JSON.stringify({ scenario: 'small', v: 1 }));
    await git('add', '.');
    await git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'baseline');
    await writeFile(join(results, 'small.json'), JSON.stringify({ scenario: 'small', v: 2 }));
    await writeFile(join(results, 'large.json'), JSON.stringify({ scenario: 'large', v: 2 }));

    const baseline = await readBaseline(results, ['small', 'large', 'sigv4']);
    expect(baseline.ref).toBe('HEAD');
    expect(baseline.commit).toBe((await git('rev-parse', 'HEAD')).stdout.trim());
    expect(baseline.results.get('small')).toEqual({ scenario: 'small', v: 1 });
    // Uncommitted (on disk only) or absent: no baseline for that scenario.
    expect([...baseline.results.keys()]).toEqual(['small']);
  });

  it('throws BaselineUnavailableError outside a git checkout', async () => {
    const dir = await tempDir();
    await expect(readBaseline(dir, ['small'])).rejects.toBeInstanceOf(BaselineUnavailableError);
  });
});
