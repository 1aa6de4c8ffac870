import { MetastoreUnavailableError, type MetaStore } from '@strata/metastore-core';

/**
 * A real store behind a switch: while `down`, every repository call fails as an unreachable
 * database does (the metastore's own error); `calls` counts the calls that reached it.
 */
export function switchable(store: MetaStore): { store: MetaStore; down: boolean; calls: number } {
  const state = { store, down: false, calls: 0 };
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            state.calls++;
            if (state.down)
              return Promise.reject(new MetastoreUnavailableError('connection refused'));
            return (value as (...a: unknown[]) => unknown).apply(obj, args);
          };
        }
        return value !== null && typeof value === 'object' ? guard(value) : value;
      },
    });
  state.store = guard(store);
  return state;
}
