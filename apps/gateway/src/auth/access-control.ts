/** What an authenticated access key may reach. */
export interface AccessScope {
  /** Canonical user id of the key's tenant: owner of the buckets it creates. */
  readonly owner: string;
  /** The tenant's name from the config (for the audit log); absent where none is known. */
  readonly tenant?: string | undefined;
  /** A bucket's own key reaches only these buckets; absent: every bucket of its tenant. */
  readonly buckets?: ReadonlySet<string> | undefined;
}

/** Who owns what: the scope of each access key, and the owner of each bucket (cached). */
export interface AccessControl {
  /**
   * Every key belongs to one tenant and none is limited to some buckets: every bucket is theirs,
   * so authorizing needs no bucket lookup.
   */
  readonly singleTenant: boolean;
  /** The scope of an access key the verifier accepted. */
  scopeOf(accessKeyId: string): AccessScope;
  /** The owner id of `bucket`, or `undefined` when it does not exist. */
  bucketOwner(bucket: string): Promise<string | undefined>;
  /** Drops what is cached about `bucket` (after CreateBucket or DeleteBucket). */
  forget(bucket: string): void;
}

/** Options of {@link createAccessControl}. */
export interface AccessControlOptions {
  readonly scopeOf: (accessKeyId: string) => AccessScope;
  /** See {@link AccessControl.singleTenant} (default false). */
  readonly singleTenant?: boolean;
  /** Owners known from the configuration (its `buckets:`), never looked up. */
  readonly knownOwners?: ReadonlyMap<string, string>;
  /** Looks a bucket's owner up in the metastore (`undefined`: no such bucket). */
  readonly lookupOwner: (bucket: string) => Promise<string | undefined>;
  /**
   * How long a bucket's owner is remembered (default 30 s). A bucket changes owner only when it
   * is deleted and created again by another tenant; another instance's change is seen this late.
   */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/**
 * An {@link AccessControl} that caches bucket owners, so authorizing a request costs no metastore
 * query on the hot path. A missing bucket is not cached (it may be created any moment). When the
 * metastore cannot answer, the last owner seen is used (degraded reads must still be authorized);
 * with none, the lookup's error stands (a retryable 503).
 */
export function createAccessControl(options: AccessControlOptions): AccessControl {
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? (() => performance.now());
  const owners = new Map<string, { owner: string; until: number }>();
  const known = options.knownOwners ?? new Map<string, string>();
  return {
    scopeOf: options.scopeOf,
    singleTenant: options.singleTenant ?? false,
    async bucketOwner(bucket) {
      const pinned = known.get(bucket);
      if (pinned !== undefined) return pinned;
      const cached = owners.get(bucket);
      if (cached !== undefined && cached.until > now()) return cached.owner;
      let owner: string | undefined;
      try {
        owner = await options.lookupOwner(bucket);
      } catch (error) {
        if (cached !== undefined) return cached.owner;
        throw error;
      }
      if (owner === undefined) owners.delete(bucket);
      else owners.set(bucket, { owner, until: now() + cacheMs });
      return owner;
    },
    forget: (bucket) => void owners.delete(bucket),
  };
}
