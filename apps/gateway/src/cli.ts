import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './cli/admin/register-admin-commands.js';
import { registerEncryptionCommands } from './cli/encryption/register-encryption-commands.js';
import type { RotationTarget } from './cli/encryption/rotate.js';
import { CliUsageError, isCliUsageError } from './cli/transfer/cli-errors.js';
import { EXIT_CODES } from './cli/transfer/exit-codes.js';
import { registerTransferCommands } from './cli/transfer/register-transfer-commands.js';
import { ConfigError } from './config/config-error.js';
import { VERSION } from './version.js';

/** Flags of `strata serve` and the config key each overrides. */
const SERVE_FLAGS = {
  dataDir: 'data_dir',
  listen: 'listen',
  region: 'region',
  domain: 'domain',
  tlsCert: 'tls.cert',
  tlsKey: 'tls.key',
  metastore: 'metastore',
  logLevel: 'log_level',
  shutdownTimeout: 'shutdown_timeout',
} as const;

type ServeFlags = Partial<Record<keyof typeof SERVE_FLAGS, string>> & { config?: string };

/**
 * Runs the `strata` command line and resolves with the process exit code.
 *
 * @example
 * process.exitCode = await runCli(['serve', '--listen', '127.0.0.1:9000']);
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command('strata')
    .description('Strata: one S3 endpoint over many storage backends')
    .version(VERSION)
    .exitOverride();
  let exitCode = 0;

  program
    .command('serve')
    .description('run the S3 gateway (embedded default: SQLite + ./strata-data)')
    .option('-c, --config <file>', 'strata.yaml to load (env: STRATA_CONFIG)')
    .option('--data-dir <dir>', 'data directory (default ./strata-data)')
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:9000)')
    .option('--region <name>', 'region the gateway reports and signs for (default us-east-1)')
    .option('--domain <name>', 'serve virtual-host style requests for BUCKET.<name>')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option(
      '--metastore <url>',
      'metadata store: a SQLite file path (default <data-dir>/metastore.db)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--shutdown-timeout <duration>', 'drain deadline on SIGTERM (default 30s)')
    .action(async (flags: ServeFlags) => {
      exitCode = await serveCommand(flags);
    });

  const config = program.command('config').description('configuration tools');
  config
    .command('check')
    .description('validate the configuration without starting')
    .option('-c, --config <file>', 'strata.yaml to check (env: STRATA_CONFIG)')
    .action(async (flags: { config?: string }) => {
      const { loadConfig } = await import('./config/load-config.js');
      await loadConfig({ file: flags.config ?? process.env.STRATA_CONFIG });
      process.stdout.write('configuration OK\n');
    });

  registerTransferCommands(program, (code) => {
    exitCode = code;
  });
  registerAdminCommands(program, (code) => {
    exitCode = code;
  });
  registerEncryptionCommands(
    program,
    (code) => {
      exitCode = code;
    },
    openRotationTarget,
  );

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has printed what was wrong; a bad command line is exit code 2 (usage), help
    // and --version are 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    if (isCliUsageError(error)) {
      process.stderr.write(`strata: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`strata: invalid configuration: ${error.message}\n`);
      return 2;
    }
    // A library error with a code (the metastore unreachable, a backend refusing) is the
    // operator's to fix, not a bug: one line says what; a stack trace is for the unexpected.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && error instanceof Error) {
      process.stderr.write(`strata: cannot start: ${error.message} (${code})\n`);
      return 1;
    }
    process.stderr.write(`strata: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

async function serveCommand(flags: ServeFlags): Promise<number> {
  const overrides: Record<string, string | undefined> = {};
  for (const [flag, key] of Object.entries(SERVE_FLAGS))
    overrides[key] = flags[flag as keyof typeof SERVE_FLAGS];
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new ConfigError('--tls-cert and --tls-key must be given together');
  }
  // Loaded here, not at the top: the transfer commands (`strata cp`…) load neither the
  // configuration schema nor the server.
  const { loadConfig } = await import('./config/load-config.js');
  const config = await loadConfig({ file: flags.config ?? process.env.STRATA_CONFIG, overrides });
  const { startGateway } = await import('./server/start-gateway.js');
  const gateway = await startGateway(config);
  if (gateway.credentialSource === 'generated') {
    const [cred] = gateway.credentials;
    process.stdout.write(
      [
        '',
        'Strata generated credentials for this data directory (shown once; kept in',
        `${config.data_dir}/credentials.json):`,
        `  Access key id:     ${cred!.accessKeyId}`,
        `  Secret access key: ${cred!.secretAccessKey}`,
        '',
      ].join('\n') + '\n',
    );
  }
  gateway.logger.info(
    { url: gateway.url, region: config.region },
    `strata listening on ${gateway.url}`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      gateway.logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await gateway.close();
  return 0;
}

/**
 * What `strata encryption rotate` works on: the keyring and the metastore of the configuration
 * (`file`, else `STRATA_CONFIG`). A SQLite metastore that does not exist is a usage error, not
 * created: a mistyped path would otherwise be "rotated" in an instant.
 */
async function openRotationTarget(
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<RotationTarget> {
  const { loadConfig } = await import('./config/load-config.js');
  const { resolveKeyring } = await import('./config/resolve-keyring.js');
  const { openMetastore, sqlitePathOf } = await import('./server/open-metastore.js');
  const config = await loadConfig({ file: file ?? env.STRATA_CONFIG, env });
  const keyring = await resolveKeyring(config.encryption);
  const dataDir = resolve(config.data_dir);
  return {
    keyring,
    openStore: () => {
      const sqlite = sqlitePathOf(config.metastore, dataDir);
      if (sqlite !== undefined && !existsSync(sqlite)) {
        throw new CliUsageError(`no metastore at ${sqlite} (metastore, data_dir)`);
      }
      return openMetastore(config.metastore, dataDir);
    },
  };
}
