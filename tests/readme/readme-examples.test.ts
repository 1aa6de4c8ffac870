/**
 * Every README example is compiled and run: a broken example fails CI.
 *
 * Which blocks: every fenced block whose info string is `ts`/`typescript` or `js`/`javascript`/
 * `mjs` in README.md, packages/*, apps/*, tests/ and bench/ (`findReadmes`). Other languages
 * (`sh`, `yaml`, `python`, plain fences) are not checked here.
 *
 * What happens to a block, by default: it is written to a file of its own under
 * `tests/readme/.examples/` (gitignored, removed after the run), type-checked with the tests'
 * compiler options (tests/tsconfig.json: the strict base config, `customConditions: ["source"]`,
 * so `@strata/*` resolves to `src/` as in every other suite; `js` blocks with `checkJs`), then run
 * with Node and tsx (`--conditions=source`) in a fresh temporary directory, and must exit 0
 * within RUN_TIMEOUT_MS. Each test is named `<readme>:<line of the opening fence>`, and type
 * errors and stack frames point at README lines.
 *
 * The environment an example needs comes from this test, not from skipping it:
 * - the working directory holds the input files the examples read (FIXTURE_FILES), so relative
 *   paths such as `./data/meta.db` or `cat.jpg` work and leave nothing behind;
 * - a real Strata (the built binary, started once) serves as the S3 service: `S3_ENDPOINT`,
 *   `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, and the same as `RGW_ENDPOINT`,
 *   `RGW_KEY`, `RGW_SECRET`; the buckets in BUCKETS exist;
 * - `DATABASE_URL` names a fresh PostgreSQL database, dropped afterwards (`STRATA_TEST_POSTGRES_URL`
 *   or the machine's server). A block that reads `DATABASE_URL` fails when PostgreSQL is
 *   unreachable and `CI` is set, and is skipped, saying why, otherwise (the conformance suite's rule).
 *
 * Blocks that are not whole programs say so in an HTML comment on the line before the fence
 * (invisible when the README is rendered), `<!-- readme-test: FLAGS [because REASON] -->`:
 * - `continues`: the block goes on from the previous checked block of the same README (it uses
 *   its variables); it is checked and run as that block followed by this one. This is the rule
 *   wherever an earlier block declares what a fragment uses.
 * - `prelude`: the block uses names that the README only describes in prose (a `store`, a
 *   `req`); `preludes/<slug>.ts` (or `.mjs` for `js` blocks; slug = the package folder, `root`
 *   for the repository README) declares them with real values, and is prepended. Preludes contain
 *   no casts: if a block misuses a name, the check fails.
 * - `compile-only because REASON`: type-checked, not run (a server that runs until killed, a
 *   loop for the life of the process, a vitest suite body). A reason is required; keep these few.
 *
 * Relative imports in a block resolve against the README's folder, except for tests/README.md,
 * whose examples are written from inside a suite in tests/e2e (CODE_DIRS).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '@strata/s3-client';
import { POSTGRES_TEST_URL } from '@strata/metastore-core/testing';
import {
  TEST_CREDENTIALS,
  startStrata,
  type StrataProcess,
} from '../e2e/support/strata-process.js';
import { extractBlocks, findReadmes, type ReadmeBlock } from './readme-blocks.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = join(ROOT, 'tests/readme');
const WORK = join(HERE, '.examples', `${process.pid}-${randomBytes(3).toString('hex')}`);
const RUN_TIMEOUT_MS = 30_000;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Where a README's relative imports resolve, when not the README's own folder. */
const CODE_DIRS: Readonly<Record<string, string>> = { 'tests/README.md': 'tests/e2e' };

/** Input files the examples read from their working directory. */
const FIXTURE_FILES: Readonly<Record<string, Buffer>> = {
  'cat.jpg': randomBytes(48_213),
  'notes.txt': Buffer.from('Remember: README examples run in CI.\n'),
  'db.tar': randomBytes(64 * 1024),
};

/** Buckets the examples expect on the S3 service (they do not create them). */
const BUCKETS = ['photos', 'strata-data', 'strata'];

/** A stretch of a generated file and where its lines come from. */
interface Segment {
  readonly source: string;
  readonly firstLine: number;
  readonly text: string;
}

interface Example {
  readonly block: ReadmeBlock;
  readonly file: string;
  readonly segments: readonly Segment[];
}

function slugOf(readme: string): string {
  const dir = dirname(readme);
  return dir === '.' ? 'root' : dir.split('/').at(-1)!;
}

/** Rewrites `./x` and `../x` import specifiers so that they resolve from the generated file. */
function rebaseImports(text: string, fromDir: string, file: string): string {
  return text.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]+)\2/g,
    (_match, head: string, quote: string, spec: string) => {
      let rebased = relative(dirname(file), resolve(ROOT, fromDir, spec)).replaceAll('\\', '/');
      if (!rebased.startsWith('.')) rebased = `./${rebased}`;
      return `${head}${quote}${rebased}${quote}`;
    },
  );
}

function buildExamples(): Example[] {
  const examples: Example[] = [];
  for (const readme of findReadmes(ROOT)) {
    let previous: Example | undefined;
    for (const block of extractBlocks(ROOT, readme)) {
      const where = `${readme}:${block.line}`;
      const file = join(
        WORK,
        `${slugOf(readme)}-L${block.line}.${block.lang === 'ts' ? 'ts' : 'mjs'}`,
      );
      const segments: Segment[] = [];
      if (block.directives.continues) {
        if (!previous) throw new Error(`${where}: "continues" but no earlier block`);
        if (previous.block.lang !== block.lang)
          throw new Error(`${where}: continues a ${previous.block.lang} block`);
        if (previous.block.directives.compileOnly && !block.directives.compileOnly) {
          throw new Error(`${where}: continues a compile-only block, so it cannot run`);
        }
        if (block.directives.prelude) {
          throw new Error(`${where}: "continues" takes the prelude of the block it continues`);
        }
        segments.push(...previous.segments);
      }
      if (block.directives.prelude) {
        const prelude = `preludes/${slugOf(readme)}.${block.lang === 'ts' ? 'ts' : 'mjs'}`;
        if (!existsSync(join(HERE, prelude)))
          throw new Error(`${where}: "prelude" but no ${prelude}`);
        const text = readFileSync(join(HERE, prelude), 'utf8');
        segments.unshift({
          source: `tests/readme/${prelude}`,
          firstLine: 1,
          text: rebaseImports(text, 'tests/readme/preludes', file),
        });
      }
      const codeDir = CODE_DIRS[readme] ?? dirname(readme);
      segments.push({
        source: readme,
        firstLine: block.line + 1,
        text: rebaseImports(block.code, codeDir, file),
      });
      const example = { block, file, segments };
      examples.push(example);
      previous = example;
    }
  }
  return examples;
}

/** Maps a 1-based line of a generated file to `source:line`. */
function sourceLine(example: Example, line: number): string {
  let first = 1;
  for (const segment of example.segments) {
    const count = segment.text.split('\n').length;
    if (line < first + count) return `${segment.source}:${segment.firstLine + line - first}`;
    first += count;
  }
  return `${relative(ROOT, example.file)}:${line}`;
}

/** Type-checks every generated file in one program; resolves with each file's errors. */
function typeCheck(examples: readonly Example[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tests/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram(
    examples.map((e) => e.file),
    {
      ...config!.options,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      moduleDetection: ts.ModuleDetectionKind.Force,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
    },
  );
  const errors = new Map<string, string[]>(examples.map((e) => [e.file, []]));
  const byFile = new Map(examples.map((e) => [e.file, e]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const example = d.file && byFile.get(resolve(d.file.fileName));
    if (!example || d.start === undefined) {
      // A diagnostic outside the examples (options, a library) fails every example.
      for (const list of errors.values()) list.push(`TS${d.code}: ${message}`);
      continue;
    }
    const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start);
    errors
      .get(example.file)!
      .push(`${sourceLine(example, line + 1)}:${character + 1} TS${d.code}: ${message}`);
  }
  return errors;
}

/** Runs one example; resolves with its exit code and output (stack frames mapped to READMEs). */
async function run(
  example: Example,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const cwd = await mkdtemp(join(tmpdir(), 'strata-readme-'));
  try {
    for (const [name, bytes] of Object.entries(FIXTURE_FILES))
      await writeFile(join(cwd, name), bytes);
    const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, example.file], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done, fail) => {
      child.once('error', fail);
      child.once('close', (exitCode, signal) => {
        if (signal)
          output += `\n[killed by ${signal}${signal === 'SIGKILL' ? `: over ${RUN_TIMEOUT_MS} ms` : ''}]`;
        done(exitCode);
      });
    });
    const url = pathToFileURL(example.file).href;
    const mapped = output.replace(
      new RegExp(`(?:${escapeRegExp(url)}|${escapeRegExp(example.file)}):(\\d+)`, 'g'),
      (_m, line: string) => sourceLine(example, Number(line)),
    );
    return { code, output: mapped };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A fresh database on the test PostgreSQL, or why there is none. */
async function createPostgresDatabase(): Promise<{
  url?: string;
  drop(): Promise<void>;
  unreachable?: string;
}> {
  const admin = new pg.Client({
    connectionString: POSTGRES_TEST_URL,
    connectionTimeoutMillis: 5_000,
  });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch (error) {
    return {
      unreachable: error instanceof Error ? error.message : String(error),
      drop: () => Promise.resolve(),
    };
  }
  const name = `strata_readme_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`drop database ${pg.escapeIdentifier(name)} with (force)`);
      await admin.end();
    },
  };
}

/** Removes what runs that were killed left in `.examples/` (named after their process id). */
function removeStaleRuns(): void {
  const dir = dirname(WORK);
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const pid = Number(name.split('-')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch (error) {
      alive = (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

removeStaleRuns();
mkdirSync(WORK, { recursive: true });
const examples = buildExamples();
for (const example of examples) {
  writeFileSync(example.file, example.segments.map((s) => s.text).join('\n'));
}
const postgres = await createPostgresDatabase();

let typeErrors: Map<string, string[]>;
let strata: StrataProcess | undefined;

beforeAll(async () => {
  typeErrors = typeCheck(examples);
  strata = await startStrata();
  await using s3 = createS3Client({ endpoint: strata.url, credentials: TEST_CREDENTIALS });
  for (const bucket of BUCKETS) await s3.createBucket(bucket);
}, 120_000);

afterAll(async () => {
  await strata?.[Symbol.asyncDispose]();
  await postgres.drop();
  await rm(WORK, { recursive: true, force: true });
});

describe.concurrent('README examples', () => {
  it('finds the README examples', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  for (const example of examples) {
    const { block } = example;
    const name = `${block.readme}:${block.line}${block.directives.compileOnly ? ' (compile-only)' : ''}`;
    const needsPostgres = !block.directives.compileOnly && block.code.includes('DATABASE_URL');
    const skip = needsPostgres && postgres.unreachable !== undefined && !process.env.CI;
    it.skipIf(skip)(
      name,
      async () => {
        const errors = typeErrors.get(example.file)!;
        if (errors.length > 0)
          throw new Error(`${name} does not type-check:\n${errors.join('\n')}`);
        if (block.directives.compileOnly) return;
        if (needsPostgres && postgres.url === undefined) {
          throw new Error(
            `PostgreSQL at ${POSTGRES_TEST_URL} is unreachable and CI is set: ${postgres.unreachable}`,
          );
        }
        const endpoint = strata!.url;
        const { code, output } = await run(example, {
          S3_ENDPOINT: endpoint,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_REGION: 'us-east-1',
          RGW_ENDPOINT: endpoint,
          RGW_KEY: TEST_CREDENTIALS.accessKeyId,
          RGW_SECRET: TEST_CREDENTIALS.secretAccessKey,
          ...(postgres.url === undefined ? {} : { DATABASE_URL: postgres.url }),
        });
        if (code !== 0) throw new Error(`${name} exited with ${code}:\n${output}`);
      },
      RUN_TIMEOUT_MS + 10_000,
    );
  }
});
