import { Argument, type Command } from 'commander';
import type { BackendState } from '@strata/backend-pool';
import type { ExitCode } from '../transfer/exit-codes.js';
import { addAdminOptions, type AdminOptions } from './admin-options.js';
import { collect } from '../transfer/filter-flags.js';
import type { DeadLetterOptions } from './queues.js';
import type { CreateKeyOptions } from './keys.js';

/**
 * `@strata/backend-pool`'s `BACKEND_STATES`, written out: importing the value would load the
 * backend drivers (and the AWS SDK) on every `strata` start, `strata cp` included. `satisfies`
 * fails to compile when a state is added there and not here, or the other way round.
 */
const STATES = Object.keys({
  active: true,
  draining: true,
  readonly: true,
  removed: true,
} satisfies Record<BackendState, true>);

/**
 * Adds `strata admin status|backends|set-state|drain|queues|dead-letters|workers|buckets`, clients of a gateway's admin API. Each
 * subcommand's module is loaded only when it runs, so `strata serve` starts without them.
 */
export function registerAdminCommands(
  program: Command,
  setExitCode: (code: ExitCode) => void,
): void {
  const admin = program
    .command('admin')
    .description("a running gateway's admin API (admin.tokens): tables, or --json");
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
    admin
      .command('set-state')
      .description(
        "set a backend's state on every instance; `configured` goes back to the config's",
      )
      .argument('<backend>', 'the backend, by name')
      .addArgument(new Argument('<state>', 'the state').choices([...STATES, 'configured'])),
  ).action(async (backend: string, state: BackendState | 'configured', flags: AdminOptions) => {
    const { runSetState } = await import('./backend-state.js');
    setExitCode(await runSetState(backend, state, flags));
  });
  const drain = admin
    .command('drain')
    .description("move a backend's objects to the others, without a restart");
  const drainActions = {
    start: 'start draining: no new writes there, the drainer moves its copies away',
    status: 'what is left on it, and whether the drain is done',
    cancel: 'stop: its configured state again; what moved stays moved',
  } as const;
  for (const [action, description] of Object.entries(drainActions)) {
    addAdminOptions(
      drain.command(action).description(description).argument('<backend>', 'the backend'),
    ).action(async (backend: string, flags: AdminOptions) => {
      const { runDrain } = await import('./backend-state.js');
      setExitCode(await runDrain(action as keyof typeof drainActions, backend, flags));
    });
  }
  addAdminOptions(
    admin.command('queues').description('each queue: jobs pending and dead-lettered'),
  ).action(async (flags: AdminOptions) => {
    const { runQueues } = await import('./queues.js');
    setExitCode(await runQueues(flags));
  });
  const deadLetters = admin
    .command('dead-letters')
    .description("a queue's dead letters (cleanup, replication, outbox): list, retry, purge");
  const deadLetterActions = {
    list: 'the oldest dead letters (--limit, default 100)',
    retry: 'back in the queue, due at once (all, or --ids)',
    purge: 'delete them for good (all, or --ids); a purged cleanup leaves its blob behind',
  } as const;
  for (const [action, description] of Object.entries(deadLetterActions)) {
    const command = addAdminOptions(
      deadLetters.command(action).description(description),
    ).addArgument(
      new Argument('<queue>', 'the queue').choices(['cleanup', 'replication', 'outbox']),
    );
    if (action === 'list') command.option('--limit <n>', 'how many at most (1 to 1000)');
    else command.option('--ids <ids>', 'only these job ids, comma-separated');
    command.action(async (queue: string, flags: DeadLetterOptions) => {
      const { runDeadLetters } = await import('./queues.js');
      setExitCode(await runDeadLetters(action as keyof typeof deadLetterActions, queue, flags));
    });
  }
  const keys = admin
    .command('keys')
    .description(
      'access keys managed in the metastore: list, create, rotate, disable, enable, delete',
    );
  addAdminOptions(keys.command('list').description('every managed key (never a secret)')).action(
    async (flags: AdminOptions) => {
      const { runListKeys } = await import('./keys.js');
      setExitCode(await runListKeys(flags));
    },
  );
  addAdminOptions(
    keys
      .command('create')
      .description('a new key for a tenant; prints its secret, once')
      .option('--tenant <name>', 'the tenant it acts for (default: default)')
      .option('--bucket <bucket>', 'only this bucket (repeat for more)', collect),
  ).action(async (flags: CreateKeyOptions) => {
    const { runCreateKey } = await import('./keys.js');
    setExitCode(await runCreateKey(flags));
  });
  const keyActions = {
    rotate: 'a new secret for the key (printed once); the old one stops working',
    disable: 'the key stops authenticating, kept until enabled or deleted',
    enable: 'a disabled key works again',
    delete: 'delete the key for good',
  } as const;
  for (const [action, description] of Object.entries(keyActions)) {
    addAdminOptions(
      keys.command(action).description(description).argument('<access-key-id>', 'the key'),
    ).action(async (id: string, flags: AdminOptions) => {
      const { runKeyAction } = await import('./keys.js');
      setExitCode(await runKeyAction(action as keyof typeof keyActions, id, flags));
    });
  }
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
