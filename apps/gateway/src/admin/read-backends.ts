import type { BackendState, BreakerState, PoolMember } from '@strata/backend-pool';
import type { MetastoreSnapshot, MetastoreSnapshotReader } from '../metrics/metastore-snapshot.js';
import type { AdminSources } from './admin-sources.js';

/** Bytes and objects. */
export interface AdminUsage {
  readonly bytes: number;
  readonly objects: number;
}

/** One backend of `GET /admin/v1/backends`. */
export interface AdminBackend {
  readonly name: string;
  /** The driver: `fs`, `s3`. */
  readonly type: string;
  readonly state: BackendState;
  /** The state the configuration gives it (what `state` is unless an operator set another). */
  readonly configuredState: BackendState;
  /** When an operator set `state` at runtime (admin API); `null` when it is the configured one. */
  readonly stateSetAt: string | null;
  /** The circuit breaker's state (`closed` for a backend without one). */
  readonly circuit: BreakerState;
  /** What the metastore records on it; `null` when the metastore did not answer. */
  readonly usage: AdminUsage | null;
  /** Its caps; `null` for none. */
  readonly quota: { readonly bytes: number | null; readonly objects: number | null };
}

/** `GET /admin/v1/backends`. */
export interface AdminBackends {
  readonly backends: readonly AdminBackend[];
  /** Whether the usage read succeeded (else every `usage` is `null`). */
  readonly metastoreReachable: boolean;
}

const cap = (value: number | undefined): number | null =>
  value === undefined || value <= 0 ? null : value;

/** A pool member as the admin API shows it, with usage from `taken` (the metastore's snapshot). */
export function toAdminBackend(
  sources: AdminSources,
  member: PoolMember,
  taken: MetastoreSnapshot | undefined,
): AdminBackend {
  const used = taken?.usage[member.name];
  return {
    name: member.name,
    type: sources.backendTypes.get(member.name) ?? 'unknown',
    state: member.state,
    configuredState: sources.backendStates.configured(member.name) ?? member.state,
    stateSetAt: sources.backendStates.override(member.name)?.changedAt.toISOString() ?? null,
    circuit: member.circuit,
    usage: taken === undefined ? null : { bytes: used?.bytes ?? 0, objects: used?.objects ?? 0 },
    quota: { bytes: cap(member.quota.bytes), objects: cap(member.quota.objects) },
  };
}

/**
 * Every backend with what the metrics gauges report for it: state, breaker and quota from the
 * pool, usage from the same metastore snapshot the metrics read.
 */
export async function readBackends(
  sources: AdminSources,
  snapshot: MetastoreSnapshotReader,
): Promise<AdminBackends> {
  const taken = await snapshot();
  const backends = sources.pool.members().map((member) => toAdminBackend(sources, member, taken));
  return { backends, metastoreReachable: taken !== undefined };
}
