import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransferColumn } from '../targets/target.js';

/** The S3 server a tool talks to, and where it may keep its config files. */
export type ToolServer = {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A directory of this run for the tool's config files. */
  readonly configDir: string;
};

/** One transfer the scenario times. Prefixes carry no trailing slash. */
export type TransferOp =
  | {
      readonly kind: 'upload-file';
      readonly file: string;
      readonly bucket: string;
      readonly key: string;
    }
  | {
      readonly kind: 'download-file';
      readonly bucket: string;
      readonly key: string;
      readonly file: string;
    }
  | {
      readonly kind: 'upload-tree';
      readonly dir: string;
      readonly bucket: string;
      readonly prefix: string;
    }
  | {
      readonly kind: 'download-tree';
      readonly bucket: string;
      readonly prefix: string;
      readonly dir: string;
    }
  | {
      readonly kind: 'sync-up';
      readonly dir: string;
      readonly bucket: string;
      readonly prefix: string;
    };

/** A process to run: the tool doing one {@link TransferOp}. */
export type ToolCommand = {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
};

/** The commands of one tool against one server; `undefined` for an operation it lacks. */
export type ToolCommands = (op: TransferOp) => ToolCommand | undefined;

/** A client tool the scenario measures. */
export type TransferTool = {
  readonly name: TransferColumn;
  /** The command and arguments that print its version (also: is it installed). */
  readonly version: ToolCommand;
  /** What it is and how it is run, for the notes. */
  readonly description: string;
  /** Writes its config files for `server` and returns its commands. */
  prepare(server: ToolServer): ToolCommands;
};

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const STRATA_BIN = join(REPO, 'apps/gateway/bin/strata.js');
const BOTO3_SCRIPT = fileURLToPath(new URL('../../python/boto3_transfer.py', import.meta.url));

/** boto3's tuned `TransferConfig` and the files in flight of its tree operations. */
export const BOTO3_TUNING = { concurrency: 16, chunkMiB: 16, files: 16 } as const;

/**
 * The environment every tool gets: the key, the region, and nothing read from the user's own
 * `~/.aws` (the files are pointed at paths that do not exist) or from instance metadata.
 */
function awsEnv(server: ToolServer): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_SHARED_CREDENTIALS_FILE: join(server.configDir, 'no-credentials'),
    AWS_CONFIG_FILE: join(server.configDir, 'no-config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

const url = (bucket: string, path: string) => `s3://${bucket}/${path}`;

/**
 * The commands of a tool with aws cli's `s3` grammar (`cp SRC DST`, `cp --recursive`, `sync`),
 * which `strata` follows too; `slash` ends a prefix's URL (aws cli wants one there to take it as
 * a folder, `strata` takes the URL as a folder either way).
 */
function awsGrammar(run: (...args: string[]) => ToolCommand, slash: '' | '/'): ToolCommands {
  const folder = (bucket: string, prefix: string) => url(bucket, `${prefix}${slash}`);
  return (op) => {
    switch (op.kind) {
      case 'upload-file':
        return run('cp', op.file, url(op.bucket, op.key));
      case 'download-file':
        return run('cp', url(op.bucket, op.key), op.file);
      case 'upload-tree':
        return run('cp', '--recursive', op.dir, folder(op.bucket, op.prefix));
      case 'download-tree':
        return run('cp', '--recursive', folder(op.bucket, op.prefix), op.dir);
      case 'sync-up':
        return run('sync', op.dir, folder(op.bucket, op.prefix));
    }
  };
}

const strataCli: TransferTool = {
  name: 'strata-cli',
  version: { command: process.execPath, args: [STRATA_BIN, '--version'], env: {} },
  description: '`strata cp`/`sync` (this repository, built), default concurrency 16',
  prepare(server) {
    const env = awsEnv(server);
    const run = (...args: string[]): ToolCommand => ({
      command: process.execPath,
      args: [STRATA_BIN, ...args, '--endpoint-url', server.endpoint, '--no-progress'],
      env,
    });
    return awsGrammar(run, '');
  },
};

/** `aws s3 cp`/`sync` of one installation (the two majors are told apart by their command). */
function awsCli(name: 'aws-cli-v2' | 'aws-cli-v1', base: ToolCommand, description: string) {
  const tool: TransferTool = {
    name,
    version: { ...base, args: [...base.args, '--version'] },
    description,
    prepare(server) {
      const env = { ...base.env, ...awsEnv(server) };
      const run = (...args: string[]): ToolCommand => ({
        command: base.command,
        args: [
          ...base.args,
          's3',
          ...args,
          '--endpoint-url',
          server.endpoint,
          '--only-show-errors',
          '--no-progress',
        ],
        env,
      });
      return awsGrammar(run, '/');
    },
  };
  return tool;
}

const rclone: TransferTool = {
  name: 'rclone',
  version: { command: '/usr/bin/rclone', args: ['version'], env: {} },
  description: "rclone (Debian's), defaults (4 transfers, 8 checkers, multipart above 200 MiB)",
  prepare(server) {
    const env = {
      RCLONE_CONFIG: '/dev/null',
      RCLONE_CONFIG_BENCH_TYPE: 's3',
      RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
      RCLONE_CONFIG_BENCH_ENV_AUTH: 'false',
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: server.accessKeyId,
      RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: server.secretAccessKey,
      RCLONE_CONFIG_BENCH_ENDPOINT: server.endpoint,
      RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
      RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
    };
    const run = (...args: string[]): ToolCommand => ({
      command: '/usr/bin/rclone',
      args: [...args, '--quiet'],
      env,
    });
    const remote = (bucket: string, path: string) => `bench:${bucket}/${path}`;
    return (op) => {
      switch (op.kind) {
        case 'upload-file':
          return run('copyto', op.file, remote(op.bucket, op.key));
        case 'download-file':
          return run('copyto', remote(op.bucket, op.key), op.file);
        case 'upload-tree':
          return run('copy', op.dir, remote(op.bucket, op.prefix));
        case 'download-tree':
          return run('copy', remote(op.bucket, op.prefix), op.dir);
        case 'sync-up':
          return run('sync', op.dir, remote(op.bucket, op.prefix));
      }
    };
  },
};

const s3cmd: TransferTool = {
  name: 's3cmd',
  version: { command: '/usr/bin/s3cmd', args: ['--version'], env: {} },
  description: "s3cmd (Debian's), defaults (one request at a time, 15 MiB parts), path style",
  prepare(server) {
    const host = new URL(server.endpoint).host;
    const config = join(server.configDir, 's3cmd.cfg');
    writeFileSync(
      config,
      [
        '[default]',
        `access_key = ${server.accessKeyId}`,
        `secret_key = ${server.secretAccessKey}`,
        `host_base = ${host}`,
        `host_bucket = ${host}`,
        'use_https = False',
        'signature_v2 = False',
        'bucket_location = us-east-1',
        '',
      ].join('\n'),
    );
    const run = (...args: string[]): ToolCommand => ({
      command: '/usr/bin/s3cmd',
      args: ['-c', config, '--no-progress', '--quiet', ...args],
      env: {},
    });
    return (op) => {
      switch (op.kind) {
        case 'upload-file':
          return run('put', op.file, url(op.bucket, op.key));
        case 'download-file':
          return run('get', '--force', url(op.bucket, op.key), op.file);
        case 'upload-tree':
          return run('put', '--recursive', `${op.dir}/`, url(op.bucket, `${op.prefix}/`));
        case 'download-tree':
          return run('get', '--recursive', url(op.bucket, `${op.prefix}/`), `${op.dir}/`);
        case 'sync-up':
          return run('sync', `${op.dir}/`, url(op.bucket, `${op.prefix}/`));
      }
    };
  },
};

const boto3: TransferTool = {
  name: 'boto3',
  version: {
    command: 'python3',
    args: ['-c', 'import boto3; print("boto3", boto3.__version__)'],
    env: {},
  },
  description: `boto3 \`upload_file\`/\`download_file\` with a tuned \`TransferConfig\` (max_concurrency ${BOTO3_TUNING.concurrency}, ${BOTO3_TUNING.chunkMiB} MiB parts and threshold), trees with ${BOTO3_TUNING.files} files in flight on one client (bench/python/boto3_transfer.py); no sync`,
  prepare(server) {
    const env = awsEnv(server);
    const tuning = [
      `--concurrency=${BOTO3_TUNING.concurrency}`,
      `--chunk-mib=${BOTO3_TUNING.chunkMiB}`,
      `--files=${BOTO3_TUNING.files}`,
    ];
    const run = (...args: string[]): ToolCommand => ({
      command: 'python3',
      args: [BOTO3_SCRIPT, ...args, `--endpoint=${server.endpoint}`, ...tuning],
      env,
    });
    return (op) => {
      switch (op.kind) {
        case 'upload-file':
          return run('upload-file', op.file, op.bucket, op.key);
        case 'download-file':
          return run('download-file', op.bucket, op.key, op.file);
        case 'upload-tree':
          return run('upload-tree', op.dir, op.bucket, op.prefix);
        case 'download-tree':
          return run('download-tree', op.bucket, op.prefix, op.dir);
        case 'sync-up':
          return undefined;
      }
    };
  },
};

/** Every tool, in column order. */
export const TRANSFER_TOOLS: readonly TransferTool[] = [
  strataCli,
  awsCli(
    'aws-cli-v2',
    { command: '/usr/bin/aws', args: [], env: {} },
    "aws cli v2 (Debian's `awscli`), defaults (10 requests in flight, 8 MiB parts)",
  ),
  awsCli(
    'aws-cli-v1',
    { command: 'python3', args: ['-m', 'awscli'], env: {} },
    'aws cli v1 (the preinstalled pip `awscli`), defaults (10 requests in flight, 8 MiB parts)',
  ),
  rclone,
  s3cmd,
  boto3,
];
