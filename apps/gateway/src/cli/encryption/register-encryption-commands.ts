import type { Command } from 'commander';
import type { ExitCodeSink } from '../transfer/register-transfer-commands.js';
import type { OpenRotationTarget, RotateOptions } from './rotate.js';

/**
 * Adds `strata encryption rotate`, which works on the configured metastore directly (not through
 * a running gateway), opened by `open`. Its module is loaded only when it runs, so `strata serve`
 * starts without it.
 */
export function registerEncryptionCommands(
  program: Command,
  setExitCode: ExitCodeSink,
  open: OpenRotationTarget,
): void {
  const encryption = program
    .command('encryption')
    .description('encryption at rest: master key rotation');
  encryption
    .command('rotate')
    .description(
      'rewrap every data key under a master key other than encryption.current (data is not rewritten)',
    )
    .option('-c, --config <file>', 'strata.yaml with encryption.keys (env: STRATA_CONFIG)')
    .option('--bucket <name>', 'only this bucket')
    .option('--after <bucket/key>', 'resume after this object (a cursor an earlier run printed)')
    .option('--after-version <id>', 'with --after: resume after this version of the key')
    .option('--json', 'print the outcome as JSON, not a table')
    .action(async (flags: RotateOptions) => {
      const { runRotate } = await import('./rotate.js');
      setExitCode(await runRotate(flags, open));
    });
}
