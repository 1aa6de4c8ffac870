import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { TransactionMode } from '../dialect-adapter.js';

/** Runs a callback in its own transaction of the given mode. */
export type TransactionRunner = <T>(
  mode: TransactionMode,
  fn: (trx: Kysely<Database>) => Promise<T>,
) => Promise<T>;

/**
 * Wraps a repository so each method call runs in its own short transaction: reads in a read
 * transaction (one consistent snapshot even when a method issues several queries), writes in a
 * write transaction. `methods` must name every method of `R` (the type checks it).
 */
export function autoCommit<R extends object>(
  methods: Readonly<Record<keyof R & string, TransactionMode>>,
  bind: (trx: Kysely<Database>) => R,
  run: TransactionRunner,
): R {
  const wrapper: Record<string, unknown> = {};
  for (const [name, mode] of Object.entries(methods) as [keyof R & string, TransactionMode][]) {
    wrapper[name] = (...args: unknown[]) =>
      run(mode, (trx) => {
        const repo = bind(trx);
        const method = repo[name] as (...a: unknown[]) => Promise<unknown>;
        return method.apply(repo, args);
      });
  }
  return wrapper as R;
}
