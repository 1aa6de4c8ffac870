import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { S3HttpClient } from '../s3-http-client.js';
import { formatSize } from '../scenarios/scenario.js';
import { changeFiles, fileDigest, linkTree, listLocalTree, type FileTree } from './files.js';
import { deleteRemote, listRemote } from './remote.js';
import { runTool, type ToolRun } from './run-tool.js';
import type { ToolCommands, TransferOp } from './tools.js';

/** The bucket every tool writes to and reads from, on each server. */
export const TRANSFER_BUCKET = 'transfer-bench';

/** The local data and where its copy waits on the server for the download rows. */
export type TransferData = {
  readonly large: { readonly path: string; readonly size: number; readonly sha256: string };
  readonly mib: FileTree;
  readonly kib: FileTree;
  /** Prefixes on the server holding `large.bin`, the `mib` and the `kib` trees. */
  readonly seeded: { readonly large: string; readonly mib: string; readonly kib: string };
};

/** What a measurement gets: the tool's commands on one server, scratch space, its name. */
export type MeasureContext = {
  readonly commands: ToolCommands;
  readonly client: S3HttpClient;
  readonly data: TransferData;
  /** A directory of its own, removed after the measurement. */
  readonly scratch: string;
  /** Unique per tool and repeat: the server-side prefix of what it writes. */
  readonly tag: string;
  readonly timeoutMs: number;
};

/** One row of the table (per server): a transfer every tool does the same way. */
export type Workload = {
  readonly name: string;
  /** What the throughput is counted in. */
  readonly unit: 'MB/s' | 'files/s' | 's';
  /** Bytes (MB/s) or files (files/s) moved; unused for `s`. */
  readonly amount: number;
  /**
   * Times the tool doing it and checks the result (bytes, names and sizes on the server or the
   * disk); undefined when the tool has no such operation.
   *
   * @throws Error when the tool fails or the result is not what was sent.
   */
  run(ctx: MeasureContext): Promise<ToolRun | undefined>;
};

/** Runs `op` with the tool; undefined when it has no such command. */
async function timed(ctx: MeasureContext, op: TransferOp): Promise<ToolRun | undefined> {
  const cmd = ctx.commands(op);
  return cmd === undefined ? undefined : runTool(cmd, ctx.scratch, ctx.timeoutMs);
}

/** Checks that `got` holds exactly `want` (names and sizes). */
function sameTree(what: string, got: Map<string, number>, want: Map<string, number>): void {
  const missing = [...want].filter(([k, size]) => got.get(k) !== size).map(([k]) => k);
  const extra = [...got.keys()].filter((k) => !want.has(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${what}: ${missing.length} missing or of the wrong size (${missing.slice(0, 3).join(', ')}), ${extra.length} unexpected (${extra.slice(0, 3).join(', ')})`,
    );
  }
}

function treeSizes(tree: FileTree, prefix = ''): Map<string, number> {
  return new Map(tree.paths.map((p) => [`${prefix}${p}`, tree.fileSize]));
}

/** The label of a tree's rows: `200 × 1 MiB`. */
const treeLabel = (tree: FileTree) => `${tree.files} × ${formatSize(tree.fileSize)}`;

/** The files on this machine, before anything is on a server. */
export type LocalData = Omit<TransferData, 'seeded'>;

const upload = (data: LocalData, tree: 'mib' | 'kib'): Workload => ({
  name: `upload ${treeLabel(data[tree])}`,
  unit: 'files/s',
  amount: data[tree].files,
  async run(ctx) {
    const source = ctx.data[tree];
    const prefix = `up/${ctx.tag}/${tree}`;
    try {
      const op = { kind: 'upload-tree', dir: source.dir, bucket: TRANSFER_BUCKET, prefix } as const;
      const run = await timed(ctx, op);
      if (run === undefined) return undefined;
      const got = await listRemote(ctx.client, TRANSFER_BUCKET, prefix);
      sameTree(`uploaded ${tree}`, got, treeSizes(source, `${prefix}/`));
      return run;
    } finally {
      await deleteRemote(ctx.client, TRANSFER_BUCKET, prefix);
    }
  },
});

const download = (data: LocalData, tree: 'mib' | 'kib'): Workload => ({
  name: `download ${treeLabel(data[tree])}`,
  unit: 'files/s',
  amount: data[tree].files,
  async run(ctx) {
    const dir = join(ctx.scratch, 'down');
    // s3cmd downloads many keys only into a directory that exists.
    await mkdir(dir, { recursive: true });
    const prefix = ctx.data.seeded[tree];
    const run = await timed(ctx, { kind: 'download-tree', bucket: TRANSFER_BUCKET, prefix, dir });
    if (run === undefined) return undefined;
    sameTree(`downloaded ${tree}`, await listLocalTree(dir), treeSizes(ctx.data[tree]));
    return run;
  },
});

/**
 * The rows, for one plan: one large file up and down, a tree of 1 MiB files up and down, a tree
 * of 4 KiB files up and down, and a sync of the 1 MiB tree with one file in ten changed (after
 * the same tool uploaded the tree: a user syncing again what they synced before).
 */
export function workloadsOf(data: LocalData, syncEvery: number): Workload[] {
  const largeLabel = `1 × ${formatSize(data.large.size)}`;
  return [
    {
      name: `upload ${largeLabel}`,
      unit: 'MB/s',
      amount: data.large.size,
      async run(ctx) {
        const prefix = `up/${ctx.tag}/large`;
        const key = `${prefix}/large.bin`;
        try {
          const op = {
            kind: 'upload-file',
            file: ctx.data.large.path,
            bucket: TRANSFER_BUCKET,
            key,
          } as const;
          const run = await timed(ctx, op);
          if (run === undefined) return undefined;
          const got = await listRemote(ctx.client, TRANSFER_BUCKET, prefix);
          sameTree('uploaded large file', got, new Map([[key, ctx.data.large.size]]));
          return run;
        } finally {
          await deleteRemote(ctx.client, TRANSFER_BUCKET, prefix);
        }
      },
    },
    {
      name: `download ${largeLabel}`,
      unit: 'MB/s',
      amount: data.large.size,
      async run(ctx) {
        const file = join(ctx.scratch, 'down', 'large.bin');
        await mkdir(dirname(file), { recursive: true });
        const key = `${ctx.data.seeded.large}/large.bin`;
        const run = await timed(ctx, { kind: 'download-file', bucket: TRANSFER_BUCKET, key, file });
        if (run === undefined) return undefined;
        const digest = await fileDigest(file);
        if (digest !== ctx.data.large.sha256) throw new Error('downloaded large file: wrong bytes');
        return run;
      },
    },
    upload(data, 'mib'),
    download(data, 'mib'),
    upload(data, 'kib'),
    download(data, 'kib'),
    {
      name: `sync ${treeLabel(data.mib)}, ${Math.round(100 / syncEvery)}% changed`,
      unit: 's',
      amount: 0,
      async run(ctx) {
        const prefix = `sync/${ctx.tag}`;
        const bucket = TRANSFER_BUCKET;
        const tree = await linkTree(ctx.data.mib, join(ctx.scratch, 'sync'));
        try {
          const seed = ctx.commands({ kind: 'upload-tree', dir: tree.dir, bucket, prefix });
          const sync = { kind: 'sync-up', dir: tree.dir, bucket, prefix } as const;
          if (seed === undefined || ctx.commands(sync) === undefined) return undefined;
          await runTool(seed, ctx.scratch, ctx.timeoutMs);
          await changeFiles(tree, syncEvery, 4096);
          const run = await timed(ctx, sync);
          const want = new Map(
            [...(await listLocalTree(tree.dir))].map(([p, size]) => [`${prefix}/${p}`, size]),
          );
          sameTree('synced tree', await listRemote(ctx.client, bucket, prefix), want);
          return run;
        } finally {
          await deleteRemote(ctx.client, bucket, prefix);
          await rm(tree.dir, { recursive: true, force: true });
        }
      },
    },
  ];
}
