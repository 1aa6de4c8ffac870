import { fileURLToPath } from 'node:url';
import { spawnTracked } from '../internal/children.js';

const SCRIPT = fileURLToPath(new URL('../../python/parquet_queries.py', import.meta.url));

/** The Python Parquet engines the scenario drives. */
export const ENGINES = ['polars', 'pyarrow'] as const;

/** One of {@link ENGINES}. */
export type Engine = (typeof ENGINES)[number];

/** One query's answer and its wall time inside the Python process. */
export type QueryTiming = {
  readonly name: string;
  readonly seconds: number;
  /** Rows returned and a sum over one column: the same on every path, or a path is wrong. */
  readonly rows: number;
  readonly check: number;
};

/** Where an engine reads the dataset: an S3 endpoint, a bucket and a key prefix. */
export type DatasetLocation = {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
  readonly prefix: string;
};

/** The sorted `id` range the range-scan query selects. */
export type IdRange = { readonly low: number; readonly high: number };

/**
 * Runs `python3 parquet_queries.py ARGS…` and returns its last stdout line parsed as JSON. Each
 * call is a fresh process (a fresh engine, its own connections), so no engine-side cache carries
 * a warm run; the timings are taken inside the script, after the imports.
 */
async function runScript(args: readonly string[], timeoutMs: number): Promise<unknown> {
  const child = spawnTracked('python3', [SCRIPT, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // No instance-metadata lookups: every credential and the region are given, and nothing but
    // loopback may be reached from here.
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', POLARS_SKIP_CPU_CHECK: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (code !== 0) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`parquet_queries.py ${args[0] ?? ''} exited ${code}: ${tail}`);
  }
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as unknown;
}

/**
 * Which engines import here: their versions, and for each missing one (or when Python itself is
 * missing) why, for an `Unavailable:` line rather than a failed run.
 */
export async function checkEngines(): Promise<{
  readonly available: ReadonlyMap<Engine, string>;
  readonly missing: ReadonlyMap<Engine, string>;
}> {
  const available = new Map<Engine, string>();
  const missing = new Map<Engine, string>();
  try {
    const out = (await runScript(['check'], 60_000)) as Record<string, unknown> & {
      errors: Record<string, string>;
    };
    for (const engine of ENGINES) {
      const version = out[engine];
      if (typeof version === 'string') available.set(engine, version);
      else missing.set(engine, out.errors[engine] ?? 'does not import');
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    for (const engine of ENGINES) missing.set(engine, `python3: ${reason}`);
  }
  return { available, missing };
}

/** Writes the dataset: `files` Parquet files, `rows` rows in all, row groups of `rowGroup` rows. */
export async function generateDataset(
  dir: string,
  rows: number,
  files: number,
  rowGroup: number,
): Promise<void> {
  await runScript(['generate', dir, String(rows), String(files), String(rowGroup)], 600_000);
}

/** Runs `engine`'s queries once against `where`; the per-query wall times and answers. */
export async function runQueries(
  engine: Engine,
  where: DatasetLocation,
  ids: IdRange,
): Promise<QueryTiming[]> {
  const out = (await runScript(
    [
      'query',
      engine,
      where.endpoint,
      where.bucket,
      where.prefix,
      where.accessKeyId,
      where.secretAccessKey,
      String(ids.low),
      String(ids.high),
    ],
    600_000,
  )) as { queries: QueryTiming[] };
  return out.queries;
}
