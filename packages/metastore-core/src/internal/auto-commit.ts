import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { TransactionMode } from '../dialect-adapter.js';
import type { MetaStoreCallEnd } from '../meta-store-call.js';
import { observeCall } from './observe-call.js';

/** Runs a callback in its own transaction of the given mode. */
export type TransactionRunner = <T>(
  mode: TransactionMode,
  fn: (trx: Kysely<Database>) => Promise<T>,
) => Promise<T>;

/** Told as a wrapped method starts; what it returns is called when the method settles. */
export type MethodObserver = (
  method: string,
  mode: TransactionMode,
) => MetaStoreCallEnd | undefined;

/**
 * Wraps a repository so each method call runs in its own short transaction: reads in a read
 * transaction (one consistent snapshot even when a method issues several queries), writes in a
 * write transaction. `methods` must name every method of `R` (the type checks it). With
 * `observe`, each call is also reported as it starts and when it settles.
 */
export function autoCommit<R extends object>(
  methods: Readonly<Record<keyof R & string, TransactionMode>>,
  bind: (trx: Kysely<Database>) => R,
  run: TransactionRunner,
  observe?: MethodObserver,
): R {
  const wrapper: Record<string, unknown> = {};
  for (const [name, mode] of Object.entries(methods) as [keyof R & string, TransactionMode][]) {
    const call = (...args: unknown[]) =>
      run(mode, (trx) => {
        const repo = bind(trx);
        const method = repo[name] as (...a: unknown[]) => Promise<unknown>;
        return method.apply(repo, args);
      });
    // Without an observer the method is the plain call: nothing is added per call.
    wrapper[name] =
      observe === undefined
        ? call
        : (...args: unknown[]) => observeCall(observe(name, mode), () => call(...args));
  }
  return wrapper as R;
}
