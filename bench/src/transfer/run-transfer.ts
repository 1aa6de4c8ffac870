import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import { S3HttpClient } from '../s3-http-client.js';
import { formatSize, MiB, rotate, type ScenarioContext } from '../scenarios/scenario.js';
import { startLatencyProxy } from '../cache/latency-proxy.js';
import { startRgw } from '../targets/start-rgw.js';
import { startStrata } from '../targets/start-strata.js';
import { TRANSFER_COLUMNS, type RunningTarget } from '../targets/target.js';
import { fileDigest, writeFileTree, writeRandomFile } from './files.js';
import { runTool } from './run-tool.js';
import { TRANSFER_TOOLS, type ToolCommands, type TransferTool } from './tools.js';
import { stateTransferVerdicts } from './transfer-verdicts.js';
import {
  TRANSFER_BUCKET,
  workloadsOf,
  type LocalData,
  type TransferData,
  type Workload,
} from './workloads.js';

const exec = promisify(execFile);

/** Sizes, counts and repeats of one run. */
export type TransferPlan = {
  readonly reps: number;
  readonly largeSize: number;
  readonly mibFiles: number;
  readonly kibFiles: number;
  /** Every `syncEvery`-th file of the 1 MiB tree changes before the sync row (10: 10%). */
  readonly syncEvery: number;
  /** Longest any one tool run may take. */
  readonly timeoutMs: number;
};

function planOf(ctx: ScenarioContext): TransferPlan {
  const { quick } = ctx.options;
  return {
    reps: ctx.options.reps ?? (quick ? 1 : 3),
    largeSize: quick ? 2 ** 30 : 5 * 2 ** 30,
    mibFiles: quick ? 200 : 1000,
    kibFiles: quick ? 1000 : 10_000,
    syncEvery: 10,
    timeoutMs: (quick ? 10 : 30) * 60_000,
  };
}

/**
 * A server the tools are measured against, as the rows name it. `strata-shaped` is the `strata`
 * server reached through a proxy that adds latency and resets connections: it measures the tree
 * rows only, on the objects `strata` was seeded with.
 */
type Server = {
  readonly label: 'strata' | 'rgw' | 'strata-shaped';
  readonly target: RunningTarget;
  /** What the bench's own checks and clean-up reach: `target` itself, or the server behind the proxy. */
  readonly direct: RunningTarget;
  /** Whether it needs the download sources uploaded (false: it shares another's). */
  readonly seed: boolean;
  readonly rows: (workload: Workload) => boolean;
  close(): Promise<void>;
};

/** The shaped link: latency per request and the chance a chunk resets its connection. */
export const SHAPED_LINK = { latencyMs: 20, resetProbability: 0.001 } as const;

/** An installed tool and the version it printed. */
type ReadyTool = { readonly tool: TransferTool; readonly version: string };

/**
 * The body of the `transfer` scenario: writes the files, starts a Strata (embedded default), a
 * Ceph RGW and a shaped link to the Strata (latency and resets), and on each has every installed
 * tool upload and download the same large file, the same tree of 1 MiB files and of 4 KiB files,
 * then sync the 1 MiB tree with 10% changed (the shaped link: the trees only), in an order of
 * tools rotated per repeat. Each run's wall time and peak RSS are recorded; each result is
 * checked (names and sizes on the server or the disk, the large file's digest). A tool that
 * fails is reported and left out of the rest of the scenario, as every scenario does.
 */
export async function runTransfer(ctx: ScenarioContext): Promise<void> {
  const plan = planOf(ctx);
  const tools = await probeTools(ctx);
  if (!tools.some((t) => t.tool.name === 'strata-cli')) {
    // The download rows read what strata-cli put on the server.
    for (const column of TRANSFER_COLUMNS) {
      ctx.unavailable(column, 'strata-cli, which seeds the servers, is not available');
    }
    return;
  }
  const work = await makeTempDir('transfer');
  const servers: Server[] = [];
  try {
    ctx.log('writing the files…');
    const local = await writeData(work, plan);
    const workloads = workloadsOf(local, plan.syncEvery);
    servers.push(...(await startServers(ctx, plan)));
    for (const server of servers) {
      await measureServer(ctx, plan, { server, tools, work, local, workloads });
    }
  } finally {
    // The shaped server is a proxy in front of `strata`: closed first.
    for (const server of [...servers].reverse()) await server.close();
    await removeTempDir(work);
  }
  addNotes(ctx, plan, tools, servers);
  stateTransferVerdicts(
    ctx,
    servers.map((s) => s.label),
  );
}

/** Runs each tool's version command; a tool that does not answer is marked unavailable. */
async function probeTools(ctx: ScenarioContext): Promise<ReadyTool[]> {
  const ready: ReadyTool[] = [];
  for (const tool of TRANSFER_TOOLS) {
    try {
      const { command, args, env } = tool.version;
      const { stdout } = await exec(command, [...args], {
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
      ready.push({ tool, version: stdout.trim().split('\n')[0] ?? '' });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      ctx.unavailable(tool.name, `not installed here (${message})`);
    }
  }
  return ready;
}

async function writeData(work: string, plan: TransferPlan): Promise<LocalData> {
  const largePath = join(work, 'data', 'large.bin');
  await writeRandomFile(largePath, plan.largeSize);
  return {
    large: { path: largePath, size: plan.largeSize, sha256: await fileDigest(largePath) },
    mib: await writeFileTree(join(work, 'data', 'mib'), plan.mibFiles, MiB),
    kib: await writeFileTree(join(work, 'data', 'kib'), plan.kibFiles, 4096),
  };
}

async function startServers(ctx: ScenarioContext, plan: TransferPlan): Promise<Server[]> {
  const servers: Server[] = [];
  const all = () => true;
  ctx.log('starting Strata and Ceph RGW…');
  const strata = await startStrata({ label: 'transfer' });
  servers.push({
    label: 'strata',
    target: strata,
    direct: strata,
    seed: true,
    rows: all,
    close: () => strata.close(),
  });
  // The seeded large file, a tool's upload of it and the last one's not yet swept, the trees.
  const rgw = await startRgw({ memGiB: Math.ceil((3 * plan.largeSize) / 2 ** 30) + 3 });
  if (rgw.available)
    servers.push({
      label: 'rgw',
      target: rgw,
      direct: rgw,
      seed: true,
      rows: all,
      close: () => rgw.close(),
    });
  else ctx.note(`Unavailable: the rgw rows: ${rgw.reason}.`);
  const proxy = await startLatencyProxy(
    Number(new URL(strata.endpoint).port),
    SHAPED_LINK.latencyMs,
    {
      resetProbability: SHAPED_LINK.resetProbability,
    },
  );
  servers.push({
    label: 'strata-shaped',
    target: { ...strata, endpoint: proxy.endpoint },
    // Not through the proxy: a reset there would fail the check, not the tool.
    direct: strata,
    seed: false,
    // Trees only: the proxy holds what a client sends without backpressure, and a sync adds
    // nothing the tree rows do not show.
    rows: (w) => w.unit === 'files/s',
    close: async () => {
      ctx.note(
        `Shaped link: ${proxy.resets()} connections reset by the proxy over the strata-shaped rows.`,
      );
      await proxy.close();
    },
  });
  return servers;
}

type ServerRun = {
  readonly server: Server;
  readonly tools: readonly ReadyTool[];
  readonly work: string;
  readonly local: LocalData;
  readonly workloads: readonly Workload[];
};

/** Seeds the download sources with strata-cli, then measures every tool and workload. */
async function measureServer(ctx: ScenarioContext, plan: TransferPlan, run: ServerRun) {
  const { server, tools, work, local, workloads } = run;
  const { label, target } = server;
  const client = new S3HttpClient({ ...server.direct, connections: 16 });
  try {
    await client.createBucket(TRANSFER_BUCKET);
    const configDir = join(work, `config-${label}`);
    await mkdir(configDir, { recursive: true });
    const commands = new Map<string, ToolCommands>();
    for (const { tool } of tools) commands.set(tool.name, tool.prepare({ ...target, configDir }));
    const data = server.seed
      ? await seed(commands.get('strata-cli'), local, work, plan)
      : { ...local, seeded: SEEDED };
    for (let rep = 0; rep < plan.reps; rep++) {
      for (const { tool } of rotate(tools, rep)) {
        const toolCommands = commands.get(tool.name);
        if (toolCommands === undefined) continue;
        for (const workload of workloads.filter(server.rows)) {
          const scratch = join(work, 'scratch');
          await mkdir(scratch, { recursive: true });
          const what = `${label}: ${workload.name}`;
          await ctx.attempt({ name: tool.name }, what, async () => {
            const measured = await workload.run({
              commands: toolCommands,
              client,
              data,
              scratch,
              tag: `${tool.name}-${rep}`,
              timeoutMs: plan.timeoutMs,
            });
            if (measured === undefined) return;
            record(ctx, label, workload, tool.name, measured);
            ctx.log(
              `${what}: ${tool.name} ${measured.seconds.toFixed(2)} s, ${measured.peakRssMiB.toFixed(0)} MiB`,
            );
          });
          await rm(scratch, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await client.close();
  }
}

/** Where {@link seed} puts the download sources. */
const SEEDED = { large: 'src/large', mib: 'src/mib', kib: 'src/kib' } as const;

/** Puts the large file and both trees on the server under `src/`, with strata-cli. */
async function seed(
  commands: ToolCommands | undefined,
  local: LocalData,
  work: string,
  plan: TransferPlan,
): Promise<TransferData> {
  if (commands === undefined) throw new Error('strata-cli is needed to seed the servers');
  const seeded = SEEDED;
  const bucket = TRANSFER_BUCKET;
  const ops = [
    commands({
      kind: 'upload-file',
      file: local.large.path,
      bucket,
      key: `${seeded.large}/large.bin`,
    }),
    commands({ kind: 'upload-tree', dir: local.mib.dir, bucket, prefix: seeded.mib }),
    commands({ kind: 'upload-tree', dir: local.kib.dir, bucket, prefix: seeded.kib }),
  ];
  for (const op of ops) if (op !== undefined) await runTool(op, work, plan.timeoutMs);
  return { ...local, seeded };
}

/** The throughput row (or the seconds of a sync) and the peak RSS row of one run. */
function record(
  ctx: ScenarioContext,
  label: string,
  workload: Workload,
  tool: (typeof TRANSFER_COLUMNS)[number],
  run: { seconds: number; peakRssMiB: number },
): void {
  const name = `${label}: ${workload.name}`;
  const value =
    workload.unit === 's'
      ? run.seconds
      : workload.unit === 'MB/s'
        ? workload.amount / run.seconds / 1e6
        : workload.amount / run.seconds;
  const better = workload.unit === 's' ? 'lower' : 'higher';
  ctx.recorder.add(name, { unit: workload.unit, better }, tool, value, { s: run.seconds });
  const mib = { unit: 'MiB', better: 'lower', chart: false } as const;
  ctx.recorder.add(`${name}, peak RSS`, mib, tool, run.peakRssMiB);
}

function addNotes(
  ctx: ScenarioContext,
  plan: TransferPlan,
  tools: readonly ReadyTool[],
  servers: readonly Server[],
): void {
  ctx.note(
    `Tools: ${tools.map(({ tool, version }) => `${tool.name}: ${tool.description}; \`${version}\``).join('. ')}.`,
  );
  ctx.note(
    `Servers (${servers.map((s) => s.label).join(', ')}): "strata" is a Strata gateway on the embedded default (SQLite + a local directory); "rgw" is Ceph RGW 16 on one memstore OSD (RAM), via rgw-local.sh; "strata-shaped" is the same Strata through a loopback proxy that holds every client→server chunk ${SHAPED_LINK.latencyMs} ms and resets the connection (TCP RST both ways) in place of any chunk, either way, with probability ${SHAPED_LINK.resetProbability} (about one 1 MiB transfer in 60, one 4 KiB request in 500), tree rows only. Every tool talks to them over loopback HTTP, path style, with the same key.`,
  );
  ctx.note(
    `Data: one random file of ${formatSize(plan.largeSize)}, a tree of ${plan.mibFiles} random 1 MiB files and one of ${plan.kibFiles} random 4 KiB files, in ten sub-directories each. Downloads read what strata-cli uploaded before the tools ran (the same objects for every tool). The sync row: the tool uploads the 1 MiB tree (not timed), then one file in ${plan.syncEvery} is replaced by a file 4 KiB longer with a new mtime, then the tool's sync is timed (boto3 has none).`,
  );
  ctx.note(
    `Method: each cell is the wall time of one tool process from spawn to exit (start-up included: a user pays it), as throughput; stdout is not a terminal (no progress bars). Peak RSS: GNU time's maximum resident set size of the process. After every run the result is checked (every key and size on the server, every file and size on disk, the large file's SHA-256) and what the tool wrote is deleted. Tools run in an order rotated per repeat (${plan.reps} repeat${plan.reps === 1 ? '' : 's'}).`,
  );
}
