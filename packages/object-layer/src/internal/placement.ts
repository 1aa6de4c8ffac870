import type { BackendPool, PoolMember } from '@strata/backend-pool';
import { NoCapacityError, NoWritableBackendError } from '../errors.js';
import type { BucketPolicy } from '../types.js';
import type { UsageView } from './usage-view.js';

/** What is being written, for placement decisions. */
export interface PlacementRequest {
  readonly bucket: string;
  readonly key: string;
  /** Declared size, when known (unknown sizes are checked as 0 bytes). */
  readonly size?: number | undefined;
}

/** Backends chosen for one write, with room reserved on each until {@link Placement.release}. */
export interface Placement {
  readonly members: readonly PoolMember[];
  /** Releases the reservations (idempotent); call once the write committed or failed. */
  release(): void;
}

/** Why a member cannot take a write; `undefined` when it can. */
type Refusal = 'unwritable' | 'full' | undefined;

/**
 * Chooses backends for new blobs under a bucket's policy: its backends in order, filtered by state
 * (`active` only), health (an open circuit is skipped), monthly limits (ingress, requests), the
 * per-object size limit and the quotas (bytes and objects, counting writes in flight); then
 * `pack` keeps configuration order and `spread` sorts by utilization.
 */
export class Placer {
  readonly #pool: BackendPool;
  readonly #usage: UsageView;
  /** Whether any member has a quota, or any bucket may spread: usage must be read then. */
  readonly #needsUsage: (policy: BucketPolicy) => boolean;

  constructor(pool: BackendPool, usage: UsageView) {
    this.#pool = pool;
    this.#usage = usage;
    const quotas = pool
      .members()
      .some((m) => (m.quota.bytes ?? 0) > 0 || (m.quota.objects ?? 0) > 0);
    this.#needsUsage = (policy) => quotas || policy.placement === 'spread';
  }

  /**
   * Places a write on up to `count` distinct backends (at least `minimum`) and reserves room on
   * each.
   *
   * @throws NoCapacityError when fewer than `minimum` backends can take it and some were refused
   *   only for quota or size; NoWritableBackendError when the others are unhealthy or not active.
   */
  async place(
    policy: BucketPolicy,
    request: PlacementRequest,
    count = 1,
    minimum = count,
  ): Promise<Placement> {
    if (this.#needsUsage(policy)) await this.#usage.fresh();
    // Choose and reserve in one synchronous step: a concurrent placement cannot see the same room.
    const chosen = this.#choose(policy, request, count, new Set());
    if (chosen.members.length < minimum) throw chosen.error();
    const size = request.size ?? 0;
    const releases = chosen.members.map((m) => this.#usage.reserve(m.name, size));
    return {
      members: chosen.members,
      release: () => releases.forEach((release) => release()),
    };
  }

  /**
   * Up to `count` backends, other than `exclude`, that could take another copy of an object of
   * `size` bytes now (no reservation: the replication worker places the copy when it runs).
   */
  async replicaTargets(
    policy: BucketPolicy,
    request: PlacementRequest,
    count: number,
    exclude: readonly string[],
  ): Promise<PoolMember[]> {
    if (count <= 0) return [];
    if (this.#needsUsage(policy)) await this.#usage.fresh();
    return this.#choose(policy, request, count, new Set(exclude)).members;
  }

  /** Records a committed copy so quota checks count it before the next usage read. */
  committed(backend: string, bytes: number): void {
    this.#usage.committed(backend, bytes);
  }

  #choose(
    policy: BucketPolicy,
    request: PlacementRequest,
    count: number,
    exclude: ReadonlySet<string>,
  ): { members: PoolMember[]; error: () => Error } {
    const candidates = this.#candidates(policy).filter((m) => !exclude.has(m.name));
    const size = request.size ?? 0;
    const refusals = candidates.map((m) => this.#refusal(m, size));
    let eligible = candidates.filter((_, i) => refusals[i] === undefined);
    if (policy.placement === 'spread') eligible = this.#byUtilization(eligible);
    const members = eligible.slice(0, count);
    const error = () =>
      refusals.includes('full')
        ? new NoCapacityError(request.bucket, size)
        : new NoWritableBackendError(
            `no backend of bucket ${request.bucket} can take a write now (unhealthy, over a monthly limit, or not active)`,
          );
    return { members, error };
  }

  #candidates(policy: BucketPolicy): PoolMember[] {
    if (policy.backends === undefined) return [...this.#pool.members()];
    return policy.backends.flatMap((name) => {
      const member = this.#pool.get(name);
      return member === undefined ? [] : [member];
    });
  }

  #refusal(member: PoolMember, size: number): Refusal {
    if (member.state !== 'active' || member.circuit === 'open') return 'unwritable';
    const limits = member.overLimit();
    if (limits.ingress || limits.requests) return 'unwritable';
    if (member.maxObjectSize !== undefined && size > member.maxObjectSize) return 'full';
    const used = this.#usage.of(member.name);
    const { bytes, objects } = member.quota;
    if (bytes !== undefined && bytes > 0 && used.bytes + size > bytes) return 'full';
    if (objects !== undefined && objects > 0 && used.objects + 1 > objects) return 'full';
    return undefined;
  }

  /** Least utilized first: used ÷ quota (0 without a byte quota), then bytes used, then order. */
  #byUtilization(members: PoolMember[]): PoolMember[] {
    const ratio = (m: PoolMember): number => {
      const quota = m.quota.bytes ?? 0;
      return quota > 0 ? this.#usage.of(m.name).bytes / quota : 0;
    };
    return members
      .map((m, order) => ({ m, order, ratio: ratio(m), bytes: this.#usage.of(m.name).bytes }))
      .sort((a, b) => a.ratio - b.ratio || a.bytes - b.bytes || a.order - b.order)
      .map((x) => x.m);
  }
}
