import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  dropSchema,
  probePostgresAndRedis,
} from './services.js';
import { writeStrataConfig } from './strata-config.js';
import { startStrata, type StrataProcess } from './strata-process.js';

/** Options of {@link useGatewayCluster}. */
export interface GatewayClusterOptions {
  /** How many `strata` processes to start (at least 1). */
  readonly count: number;
  /**
   * Names the run's temp root (`strata-e2e-<name>-…`) and schema (`strata_e2e_<name>_<hex>`,
   * `-` as `_`): lowercase letters, digits and `-`, starting with a letter.
   */
  readonly name: string;
  /**
   * The rest of strata.yaml (`tenants`, `admin`, `workers`…) as YAML text, written after the
   * sections every instance shares: `redis` and one fs backend `local` on `<root>/objects`.
   */
  readonly configYaml?: string;
  /** More keys of the shared `local` backend, as YAML lines indented 4 spaces (`    cache: true`). */
  readonly localBackendYaml?: string;
}

/** Gateways sharing one PostgreSQL schema, Redis and an objects directory. */
export interface GatewayCluster {
  /** The processes in start order: gateway n (1-based, as the suites name them) is at n - 1. */
  readonly gateways: readonly StrataProcess[];
  /** Their URLs (`http://127.0.0.1:PORT`), index for index with {@link GatewayCluster.gateways}. */
  readonly endpoints: readonly string[];
  /**
   * The temp dir holding strata.yaml, `objects/` and each gateway's `data-<n>/`; the suite may
   * keep its own scratch files there (a client's HOME, request bodies). Removed afterwards.
   */
  readonly root: string;
  /** The PostgreSQL schema they share, fresh for the run and dropped afterwards. */
  readonly schema: string;
}

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * For the enclosing `describe`: probes PostgreSQL and Redis, writes a strata.yaml in a fresh temp
 * root, and starts `count` real `strata` processes on a fresh schema of the test PostgreSQL
 * (`STRATA_TEST_POSTGRES_URL`) and on the test Redis (`STRATA_TEST_REDIS_URL`); the first one
 * alone, as it migrates the schema, then the others side by side. Afterwards it stops every
 * process that started, removes the root and drops the schema, each step even when the setup,
 * a test or an earlier step failed, and throws what went wrong once all have run. Read the
 * cluster inside tests and hooks.
 *
 * A service that is down fails the setup, never skips it; register
 * {@link probePostgresAndRedis} as a test of its own outside the `describe`, so that counts as a
 * failed test too.
 *
 * @throws Error at once when `name` or `count` is not valid; the returned accessor throws when
 *   the setup did not finish.
 * @example
 * it('PostgreSQL and Redis answer (this suite needs both)', probePostgresAndRedis);
 * describe('three gateways', () => {
 *   const cluster = useGatewayCluster({ count: 3, name: 'mine', configYaml: 'workers: …\n' });
 *   it('…', async () => {
 *     await fetch(`${cluster().endpoints[1]!}/health`);
 *   });
 * });
 */
export function useGatewayCluster(options: GatewayClusterOptions): () => GatewayCluster {
  const { count, name } = options;
  if (!NAME.test(name)) throw new Error(`gateway cluster name ${JSON.stringify(name)}: ${NAME}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`gateway cluster count ${count}`);
  const run: ClusterRun = {
    schema: `strata_e2e_${name.replaceAll('-', '_')}_${randomBytes(4).toString('hex')}`,
    root: undefined,
    gateways: [],
    schemaMayExist: false,
  };
  let cluster: GatewayCluster | undefined;
  beforeAll(async () => {
    cluster = await setUp(run, options);
  });
  afterAll(() => tearDown(run));
  return () => {
    if (!cluster) throw new Error('the gateway cluster is not started (beforeAll failed?)');
    return cluster;
  };
}

/** What {@link setUp} has made so far: all that {@link tearDown} must undo. */
interface ClusterRun {
  readonly schema: string;
  root: string | undefined;
  /** Sparse while starting: a process is kept here as soon as it runs. */
  readonly gateways: StrataProcess[];
  schemaMayExist: boolean;
}

async function setUp(run: ClusterRun, options: GatewayClusterOptions): Promise<GatewayCluster> {
  await probePostgresAndRedis();
  const root = await mkdtemp(join(tmpdir(), `strata-e2e-${options.name}-`));
  run.root = root;
  const objects = join(root, 'objects');
  await mkdir(objects);
  const shared = [
    `redis: ${TEST_REDIS_URL}`,
    'backends:',
    '  - name: local',
    '    type: fs',
    `    path: ${objects}`,
    ...(options.localBackendYaml === undefined ? [] : [options.localBackendYaml.trimEnd()]),
    '',
  ].join('\n');
  const config = await writeStrataConfig(root, shared + (options.configYaml ?? ''));
  const metastore = new URL(TEST_POSTGRES_URL);
  metastore.searchParams.set('schema', run.schema);
  run.schemaMayExist = true;
  const start = async (n: number) => {
    const dataDir = join(root, `data-${n}`);
    await mkdir(dataDir);
    // Kept as soon as it runs, so afterAll stops it even when another fails to start.
    run.gateways[n - 1] = await startStrata({
      dataDir,
      args: ['--config', config, '--metastore', metastore.toString()],
    });
  };
  // The first one migrates the fresh schema; the others find it ready.
  await start(1);
  // Every start settles before the hook fails, so afterAll sees each process that came up.
  const others = await Promise.allSettled(
    Array.from({ length: options.count - 1 }, (_, i) => start(i + 2)),
  );
  const failed = others.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  const gateways = [...run.gateways];
  return { gateways, endpoints: gateways.map((g) => g.url), root, schema: run.schema };
}

/** Undoes what {@link setUp} made, every step even when one before it failed; then throws. */
async function tearDown(run: ClusterRun): Promise<void> {
  const errors: unknown[] = [];
  const attempt = async (step: () => PromiseLike<unknown>) => {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  };
  // Stopped before the schema is dropped: a running instance still holds it.
  await Promise.all(
    run.gateways.filter(Boolean).map((g) => attempt(() => g[Symbol.asyncDispose]())),
  );
  const { root } = run;
  if (root !== undefined) await attempt(() => rm(root, { recursive: true, force: true }));
  if (run.schemaMayExist) await attempt(() => dropSchema(run.schema));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'gateway cluster teardown failed');
}
