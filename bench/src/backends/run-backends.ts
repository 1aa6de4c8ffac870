import { join } from 'node:path';
import { readProcStatusBytes } from '../internal/proc-stats.js';
import { formatSize, MiB, rotate, type ScenarioContext } from '../scenarios/scenario.js';
import { startStrata } from '../targets/start-strata.js';
import type { ColumnName, RunningTarget } from '../targets/target.js';
import { BACKEND_BUCKET, startBackendRig, type BackendRig } from './backend-rig.js';
import { compareClients } from './client-comparison.js';
import { pathOf, PATH_KINDS, type PathKind } from './path-sample.js';
import {
  largePutGet,
  smallPutGet,
  warmUpPath,
  type PutGetSample,
  type SmallOpsConfig,
} from './path-transfers.js';
import { recordPair, type PairKind } from './record-paths.js';

const GiB = 2 ** 30;

/** Sizes, counts and repeats of one run. */
type Plan = {
  readonly reps: number;
  readonly large: Extract<PairKind, { kind: 'large' }>;
  readonly smallConfig: SmallOpsConfig;
  readonly small: Extract<PairKind, { kind: 'small' }>;
  /** Small objects of the client comparison (fewer in `--quick`: three clients take turns). */
  readonly clientSmall: SmallOpsConfig;
};

function planOf(ctx: ScenarioContext): Plan {
  const { quick } = ctx.options;
  const size = quick ? 256 * MiB : GiB;
  const smallConfig = { size: 4096, concurrency: 16, count: quick ? 1000 : 3000 };
  return {
    reps: ctx.options.reps ?? 3,
    large: { kind: 'large', label: formatSize(size), size, aim: 0.8 },
    smallConfig,
    small: { kind: 'small', label: '4 KiB c=16', count: smallConfig.count, aim: 0.5 },
    clientSmall: { ...smallConfig, count: quick ? 500 : 3000 },
  };
}

/**
 * The body of the `backends` scenario: for each backend server (the pool's RGW when it runs,
 * and a second Strata on a local directory started here), a Strata gateway whose only backend is
 * that server; then the same large and small PUT/GET work straight to the server and through the
 * gateway, back to back in each repeat; then `@strata/s3-client` against `@aws-sdk/client-s3` on
 * the second Strata (on RGW when it is missing).
 */
export async function runBackends(ctx: ScenarioContext): Promise<void> {
  const plan = planOf(ctx);
  const rigs: BackendRig[] = [];
  const failed = new Set<ColumnName>();
  const attempt: Attempt = async (column, what, fn) => {
    if (!(await ctx.attempt({ name: column }, what, fn))) failed.add(column);
  };
  const live = (): BackendRig[] => rigs.filter((r) => !failed.has(r.column));
  const fsServer = await startFsServer(ctx);
  try {
    const servers = [
      ['rgw', ctx.targets.find((t) => t.name === 'rgw')],
      ['strata-fs', fsServer],
    ] as const;
    for (const [column, server] of servers) {
      if (!server) continue;
      await attempt(column, 'setup', async () => {
        rigs.push(await setUpRig(ctx, column, server));
      });
    }
    for (let rep = 0; rep < plan.reps; rep++) {
      for (const rig of rotate(live(), rep)) {
        await attempt(rig.column, `rep ${rep}`, () => measureRig(ctx, rig, plan, rep, false));
      }
    }
    // The noise check on the second Strata: it is always there, and RGW's memstore is RAM.
    const noiseRig = live().find((r) => r.column === 'strata-fs') ?? live()[0];
    for (let rep = 0; noiseRig && rep < plan.reps; rep++) {
      await attempt(noiseRig.column, 'noise check', () =>
        measureRig(ctx, noiseRig, plan, rep, true),
      );
    }
    await clientComparison(ctx, plan, live(), attempt);
  } finally {
    await Promise.all(rigs.map((r) => r.gateway.close()));
    await fsServer?.close();
  }
  addNotes(ctx, plan);
}

type Attempt = (column: ColumnName, what: string, fn: () => Promise<void>) => Promise<void>;

/** Starts the gateway in front of `server`, records its idle RSS and warms both paths up. */
async function setUpRig(
  ctx: ScenarioContext,
  column: ColumnName,
  server: RunningTarget,
): Promise<BackendRig> {
  const rig = await startBackendRig(column, server, profileOf(ctx, column));
  try {
    const idle = (readProcStatusBytes(rig.gateway.pid, 'VmRSS') ?? 0) / MiB;
    const rss = { unit: 'MiB', better: 'lower', chart: false } as const;
    ctx.recorder.add('gateway idle RSS after start', rss, column, idle);
    for (const kind of PATH_KINDS) await warmUpPath(pathOf(rig, kind));
    return rig;
  } catch (error) {
    await rig.gateway.close();
    throw error;
  }
}

async function startFsServer(ctx: ScenarioContext): Promise<RunningTarget | undefined> {
  try {
    return await startStrata({ label: 'backend-fs', ...profileOf(ctx, 'strata-fs-backend') });
  } catch (error) {
    ctx.unavailable('strata-fs', error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** `--profile`: one sub-directory per process, so each profile says whose it is. */
function profileOf(ctx: ScenarioContext, name: string): { cpuProfileDir?: string } {
  const dir = ctx.options.cpuProfileDir;
  return dir === undefined ? {} : { cpuProfileDir: join(dir, `backends-${name}`) };
}

async function measureRig(
  ctx: ScenarioContext,
  rig: BackendRig,
  plan: Plan,
  rep: number,
  noise: boolean,
): Promise<void> {
  const tag = `${rep}${noise ? 'n' : 'm'}`;
  const large = await pair(rep, (kind) =>
    largePutGet(pathOf(rig, kind), plan.large.size, `large-${tag}`),
  );
  recordPair(ctx.recorder, rig.column, plan.large, large.direct, large.gateway, noise);
  const small = await pair(rep, (kind) =>
    smallPutGet(pathOf(rig, kind), plan.smallConfig, `s-${tag}`),
  );
  recordPair(ctx.recorder, rig.column, plan.small, small.direct, small.gateway, noise);
  ctx.log(`${rig.column}${noise ? ' (noise)' : ''} #${rep}: ${describe(plan, large, small)}`);
}

/** Runs `fn` for both paths back to back, in an order that alternates with the repeat. */
async function pair(
  rep: number,
  fn: (kind: PathKind) => Promise<PutGetSample>,
): Promise<Record<PathKind, PutGetSample>> {
  const out = new Map<PathKind, PutGetSample>();
  for (const kind of rotate(PATH_KINDS, rep)) out.set(kind, await fn(kind));
  const direct = out.get('direct');
  const gateway = out.get('gateway');
  if (!direct || !gateway) throw new Error('a path was not measured');
  return { direct, gateway };
}

function describe(
  plan: Plan,
  large: Record<PathKind, PutGetSample>,
  small: Record<PathKind, PutGetSample>,
): string {
  const mib = (s: { wallS: number }) => (plan.large.size / MiB / s.wallS).toFixed(0);
  const ops = (s: { wallS: number }) => (plan.small.count / s.wallS).toFixed(0);
  const d = `direct PUT ${mib(large.direct.put)} GET ${mib(large.direct.get)} MiB/s`;
  const g = `gateway PUT ${mib(large.gateway.put)} GET ${mib(large.gateway.get)} MiB/s`;
  const sd = `direct ${ops(small.direct.put)}/${ops(small.direct.get)} ops/s`;
  const sg = `gateway ${ops(small.gateway.put)}/${ops(small.gateway.get)} ops/s`;
  return `${d}, ${g}; 4 KiB PUT/GET ${sd}, ${sg}`;
}

async function clientComparison(
  ctx: ScenarioContext,
  plan: Plan,
  rigs: readonly BackendRig[],
  attempt: Attempt,
): Promise<void> {
  const rig = rigs.find((r) => r.column === 'strata-fs') ?? rigs[0];
  if (!rig) return;
  const clientPlan = { reps: plan.reps, small: plan.clientSmall, largeSize: plan.large.size };
  await attempt(rig.column, 'client comparison', () =>
    compareClients(ctx, rig.column, rig.backend, clientPlan),
  );
}

function addNotes(ctx: ScenarioContext, plan: Plan): void {
  ctx.note(
    `Each backend server is its own process: RGW (when it runs) and a second Strata on a local directory (\`strata-fs\`, embedded default). In front of each, a Strata gateway process whose strata.yaml has exactly one backend, \`{ type: s3, endpoint: <that server>, bucket: ${BACKEND_BUCKET}, force_path_style: true }\`. "direct" sends the same requests to the backend server itself (another bucket on it). The load generator is the bench's undici client (UNSIGNED-PAYLOAD, one stream, body generated on the fly, GET bodies counted and dropped). In each repeat the two paths run back to back, in alternating order, and the ratio is taken from those two samples.`,
  );
  ctx.note(
    `Large: one ${plan.large.label} object, a single PUT then a GET. Small: ${plan.small.count} fresh 4 KiB keys PUT then GET by 16 workers on keep-alive connections (deleted afterwards, not timed). CPU rows: seconds per GiB or µs per op of each server process from /proc; through the gateway both the gateway and the backend work, and client, gateway and backend share the 2 cores.`,
  );
  ctx.note(
    `Clients: the same server (the second Strata; RGW when it is missing), ${plan.clientSmall.count} fresh 4 KiB keys PUT then GET at c=16, then one ${plan.large.label} PUT and GET, driven by \`@strata/s3-client\` (\`putObject\` with a stream or Buffer and its length, \`getObject\`) and \`@aws-sdk/client-s3\` (\`PutObjectCommand\` with \`Body\` + \`ContentLength\`, \`GetObjectCommand\`), each with a keep-alive pool of 16 connections, in rotated order per repeat. "WHEN_REQUIRED" sets \`requestChecksumCalculation\` and \`responseChecksumValidation\` to \`WHEN_REQUIRED\`; "default" leaves both at \`WHEN_SUPPORTED\`: a CRC32 of every PUT body (aws-chunked with a trailer for a stream), validated on GET. "bench CPU" is \`process.cpuUsage()\` of the bench process around each phase.`,
  );
}
