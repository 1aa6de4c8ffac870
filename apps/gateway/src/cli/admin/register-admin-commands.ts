import type { Command } from 'commander';
import type { ExitCode } from '../transfer/exit-codes.js';
import { addAdminOptions, type AdminOptions } from './admin-options.js';

/**
 * Adds `strata admin status|backends|workers|buckets`, clients of a gateway's admin API. Each
 * subcommand's module is loaded only when it runs, so `strata serve` starts without them.
 */
export function registerAdminCommands(
  program: Command,
  setExitCode: (code: ExitCode) => void,
): void {
  const admin = program
    .command('admin')
    .description("read a running gateway's admin API (admin.tokens): tables, or --json");
  addAdminOptions(
    admin.command('status').description('version, instance id, uptime and metastore'),
  ).action(async (flags: AdminOptions) => {
    const { runStatus } = await import('./status.js');
    setExitCode(await runStatus(flags));
  });
  addAdminOptions(
    admin.command('backends').description('each backend: type, state, breaker, usage, quota'),
  ).action(async (flags: AdminOptions) => {
    const { runBackends } = await import('./backends.js');
    setExitCode(await runBackends(flags));
  });
  addAdminOptions(
    admin.command('workers').description('each background worker: runs, last outcome, lease'),
  ).action(async (flags: AdminOptions) => {
    const { runWorkers } = await import('./workers.js');
    setExitCode(await runWorkers(flags));
  });
  addAdminOptions(
    admin.command('buckets').description('each bucket: owner, region, created, usage'),
  ).action(async (flags: AdminOptions) => {
    const { runBuckets } = await import('./buckets.js');
    setExitCode(await runBuckets(flags));
  });
}
