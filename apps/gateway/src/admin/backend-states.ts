import type { Logger } from 'pino';
import { BACKEND_STATES, type BackendPool, type BackendState } from '@strata/backend-pool';
import type { BackendStateOverride, MetaStore } from '@strata/metastore-core';

/** Whether `value` names a backend state. */
export function isBackendState(value: unknown): value is BackendState {
  return (BACKEND_STATES as readonly unknown[]).includes(value);
}

/**
 * Backend states an operator sets at runtime (the admin API: drain a backend, put it back), over
 * the states the configuration gives. They live in the metastore (`store.backendStates`), so
 * every instance on it applies them: this one at once, the others at their next refresh.
 */
export interface BackendStates extends AsyncDisposable {
  /**
   * Reads the overrides and applies them to the pool (and the configured state to a backend
   * without one). Never rejects: with the metastore down the states stay as they are; resolves
   * whether it answered.
   */
  refresh(): Promise<boolean>;
  /** The state `backend` has in the configuration; `undefined` for a backend the pool lacks. */
  configured(backend: string): BackendState | undefined;
  /** `backend`'s override as last read or set here; `undefined` when it follows the config. */
  override(backend: string): BackendStateOverride | undefined;
  /**
   * Sets `backend`'s state for every instance and applies it here.
   *
   * @throws TypeError for a backend the pool lacks; the metastore's errors.
   */
  set(backend: string, state: BackendState): Promise<void>;
  /**
   * Removes `backend`'s override: the configured state applies again, everywhere.
   *
   * @throws TypeError for a backend the pool lacks; the metastore's errors.
   */
  reset(backend: string): Promise<void>;
  /** Stops the refresh timer. Idempotent. */
  close(): Promise<void>;
}

/** What {@link createBackendStates} needs. */
export interface BackendStatesOptions {
  readonly store: Pick<MetaStore, 'backendStates'>;
  readonly pool: BackendPool;
  readonly logger: Logger;
  /** How often the overrides are read again (`backend_state_refresh`); 0: only on `refresh()`. */
  readonly refreshMs: number;
}

/**
 * Applies the runtime backend states to `pool`, whose members' states at this call are taken as
 * the configured ones. Call `refresh()` once before serving; a timer (unref'd) then refreshes
 * every `refreshMs`.
 */
export function createBackendStates(options: BackendStatesOptions): BackendStates {
  const { store, pool, logger } = options;
  const configured = new Map(pool.members().map((m) => [m.name, m.state]));
  let overrides = new Map<string, BackendStateOverride>();
  // Said once each, not at every refresh: names another instance's config has, states a newer
  // version wrote, an outage.
  const warned = new Set<string>();
  const warnOnce = (key: string, fields: object, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    logger.warn(fields, message);
  };

  const apply = () => {
    for (const [name, state] of configured) {
      const wanted = overrides.get(name);
      const next = isBackendState(wanted?.state) ? wanted.state : state;
      const member = pool.get(name);
      if (member === undefined || member.state === next) continue;
      logger.info(
        { backend: name, from: member.state, to: next, source: wanted ? 'admin' : 'config' },
        'backend state changed',
      );
      pool.setState(name, next);
    }
  };

  let running: Promise<boolean> | undefined;
  // Bumped by every set/reset here: a read that started before one must not put back what it
  // replaced.
  let generation = 0;
  const refresh = (): Promise<boolean> => {
    // One read at a time: a timer tick during a slow read joins it.
    running ??= (async () => {
      try {
        const started = generation;
        const rows = await store.backendStates.list();
        warned.delete('outage');
        if (started !== generation) return true;
        const next = new Map<string, BackendStateOverride>();
        for (const row of rows) {
          if (!configured.has(row.backend)) {
            warnOnce(
              `backend:${row.backend}`,
              { backend: row.backend },
              'state set for a backend this instance does not have; ignored',
            );
          } else if (!isBackendState(row.state)) {
            warnOnce(
              `state:${row.backend}:${row.state}`,
              { backend: row.backend, state: row.state },
              'unknown backend state in the metastore; the configured one applies',
            );
          } else {
            next.set(row.backend, row);
          }
        }
        overrides = next;
        apply();
        return true;
      } catch (err) {
        warnOnce('outage', { err }, 'cannot read backend states; keeping the current ones');
        return false;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const known = (backend: string) => {
    if (!configured.has(backend)) throw new TypeError(`unknown backend: ${backend}`);
  };

  const timer =
    options.refreshMs > 0 ? setInterval(() => void refresh(), options.refreshMs) : undefined;
  timer?.unref();
  const close = () => {
    if (timer !== undefined) clearInterval(timer);
    return Promise.resolve();
  };

  return {
    refresh,
    configured: (backend) => configured.get(backend),
    override: (backend) => overrides.get(backend),
    async set(backend, state) {
      known(backend);
      const row = await store.backendStates.set(backend, state);
      generation++;
      overrides = new Map(overrides).set(backend, row);
      apply();
    },
    async reset(backend) {
      known(backend);
      await store.backendStates.clear(backend);
      generation++;
      overrides = new Map(overrides);
      overrides.delete(backend);
      apply();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
