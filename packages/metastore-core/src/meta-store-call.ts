import type { TransactionMode } from './dialect-adapter.js';
import type { MetaRepos } from './store.js';

/**
 * A metastore call as it starts: a repository method run in its own transaction
 * (`store.objects.get` → `{ repo: 'objects', method: 'get' }`), or a store-level call
 * (`{ repo: 'store', method: 'transaction' | 'ping' }`). Calls made through a `MetaTx` inside
 * `store.transaction` are part of that transaction and are not reported one by one.
 */
export interface MetaStoreCallStart {
  /** The repository (`objects`, `buckets` …), or `store` for `transaction` and `ping`. */
  readonly repo: keyof MetaRepos | 'store';
  /** The method called on it. */
  readonly method: string;
  /** The transaction the call runs in. */
  readonly mode: TransactionMode;
}

/**
 * Ends what a {@link MetaStoreCallStartObserver} began, once, when the call settles, with the
 * (mapped) error it failed with, or `undefined` when it succeeded. Must not throw.
 */
export type MetaStoreCallEnd = (error: unknown) => void;

/**
 * Told synchronously as each metastore call starts, in the caller's async context (so a tracer
 * finds the caller's span there); may return a {@link MetaStoreCallEnd} the store calls when
 * that call settles. Must not throw. It carries no arguments: they hold bucket names and
 * object keys, which are user data.
 */
export type MetaStoreCallStartObserver = (call: MetaStoreCallStart) => MetaStoreCallEnd | undefined;
