import type { Command } from 'commander';
import { addCommonOptions, type CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { collect } from './filter-flags.js';

/** Receives a transfer command's exit code. */
export type ExitCodeSink = (code: ExitCode) => void;

function addFilters(command: Command): Command {
  return command
    .option('--include <glob>', 'only paths matching this glob (repeatable)', collect)
    .option(
      '--exclude <glob>',
      'no path matching this glob, even if included (repeatable)',
      collect,
    );
}

/**
 * Adds `cp`, `sync`, `ls`, `rm`, `mb` and `rb` to the `strata` program. Each command's module
 * (and with it the transfer engine, the AWS credential chain and the progress bar) is loaded
 * only when that command runs, so `strata serve` starts without them.
 */
export function registerTransferCommands(program: Command, setExitCode: ExitCodeSink): void {
  addFilters(
    addCommonOptions(
      program
        .command('cp')
        .description('copy a file or tree: local to s3://, s3:// to local, or s3:// to s3://')
        .argument('<src>', 'local path or s3://bucket/key')
        .argument('<dst>', 'local path or s3://bucket/key')
        .option('--recursive', 'copy a directory tree or every key under a prefix')
        .option(
          '--resume',
          "go on with the uploads and downloads an interrupted run left, and keep this run's on failure",
        ),
    ),
  ).action(async (src: string, dst: string, flags: CommonOptions) => {
    const { runCp } = await import('./cp.js');
    setExitCode(await runCp(src, dst, flags));
  });

  addFilters(
    addCommonOptions(
      program
        .command('sync')
        .description(
          'make a prefix match a directory, a directory match a prefix, or a prefix match another (server-side)',
        )
        .argument('<src>', 'local directory or s3://bucket/prefix')
        .argument('<dst>', 'local directory or s3://bucket/prefix')
        .option('--delete', 'delete what the source does not have')
        .option('--dryrun', 'print what would be done, change nothing')
        .option('--checksum', 'compare content (MD5 against the ETag), not size and mtime')
        .option(
          '--resume',
          "go on with the uploads and downloads an interrupted run left, and keep this run's on failure",
        ),
    ),
  ).action(async (src: string, dst: string, flags: CommonOptions) => {
    const { runSync } = await import('./sync.js');
    setExitCode(await runSync(src, dst, flags));
  });

  addCommonOptions(
    program
      .command('ls')
      .description('list buckets, or the objects and prefixes under s3://bucket/prefix')
      .argument('[url]', 's3://bucket[/prefix]')
      .option('--recursive', 'every key under the prefix, no PRE lines'),
  ).action(async (url: string | undefined, flags: CommonOptions) => {
    const { runLs } = await import('./ls.js');
    setExitCode(await runLs(url, flags));
  });

  addFilters(
    addCommonOptions(
      program
        .command('rm')
        .description('delete an object, or every object under a prefix')
        .argument('<url>', 's3://bucket/key')
        .option('--recursive', 'every key under the prefix (DeleteObjects batches)'),
    ),
  ).action(async (url: string, flags: CommonOptions) => {
    const { runRm } = await import('./rm.js');
    setExitCode(await runRm(url, flags));
  });

  addCommonOptions(
    program.command('mb').description('make a bucket').argument('<url>', 's3://bucket'),
  ).action(async (url: string, flags: CommonOptions) => {
    const { runMb } = await import('./mb.js');
    setExitCode(await runMb(url, flags));
  });

  addCommonOptions(
    program
      .command('rb')
      .description('remove an empty bucket')
      .argument('<url>', 's3://bucket')
      .option('--force', 'delete every object first'),
  ).action(async (url: string, flags: CommonOptions) => {
    const { runRb } = await import('./rb.js');
    setExitCode(await runRb(url, flags));
  });
}
