import type { BackendPool } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import type { WorkerGroup } from '@strata/workers';
import type { BackendStates } from './backend-states.js';
import type { AdminTokens } from './bearer-tokens.js';
import type { AdminKeyStore } from './key-routes.js';

/** What the admin API reads: the gateway's running pieces, handed over by the server. */
export interface AdminSources {
  /**
   * Bearer tokens that open the admin API (`admin.tokens`, and `admin.read_only_tokens`, which
   * may only read); never S3 credentials.
   */
  readonly tokens: AdminTokens;
  /** This process's id: the holder id its worker leases carry. */
  readonly instanceId: string;
  /** When the gateway started (ms since the epoch). */
  readonly startedAt: number;
  readonly store: MetaStore;
  readonly pool: BackendPool;
  /** Backend states set at runtime (`PUT /backends/{name}/state`, drains). */
  readonly backendStates: BackendStates;
  /** Each backend's driver type (`fs`, `s3`), by backend name, as configured. */
  readonly backendTypes: ReadonlyMap<string, string>;
  /** The gateway's background jobs, and whether they run on this instance (`workers.enabled`). */
  readonly workers: Pick<WorkerGroup, 'status'>;
  readonly workersEnabled: boolean;
  /** Access keys managed at runtime (`/keys`); absent without `admin.keys_master_key`. */
  readonly managedKeys?: AdminKeyStore | undefined;
  /** Where unexpected failures are logged (a 500 says no more than `InternalError`). */
  readonly logError: (error: unknown, message: string) => void;
  /** The clock, for uptime (default `Date.now`). */
  readonly now?: () => number;
}
