import { isPublicPolicy, type PolicyPrincipal } from '@strata/access-policy';
import type {
  LifecycleRule,
  ObjectOwnership,
  PublicAccessBlock,
  VersioningState,
} from '@strata/metastore-core';
import { compileStoredPolicy, type StoredPolicy } from './stored-policy.js';

/** Who a request acts as, and what its key may reach. */
export interface AccessScope {
  /**
   * Canonical user id of the key's tenant: owner of the buckets it creates. Empty for the
   * anonymous caller, which owns nothing.
   */
  readonly owner: string;
  /** The tenant's name from the config (for the audit log); absent where none is known. */
  readonly tenant?: string | undefined;
  /** A bucket's own key reaches only these buckets; absent: every bucket of its tenant. */
  readonly buckets?: ReadonlySet<string> | undefined;
  /**
   * The caller as bucket policies name it (its account, user ARN, canonical id). Absent: the
   * root of the account whose canonical id and account id are both {@link AccessScope.owner}.
   */
  readonly principal?: PolicyPrincipal | undefined;
}

/** The scope of an unsigned request: the anonymous principal, which only `"*"` grants reach. */
export const ANONYMOUS_SCOPE: AccessScope = Object.freeze({
  owner: '',
  principal: Object.freeze({ type: 'anonymous' as const }),
});

/** Whether `scope` is the anonymous caller's. */
export function isAnonymous(scope: AccessScope): boolean {
  return scope.principal?.type === 'anonymous';
}

/** The principal bucket policies evaluate `scope` as. */
export function principalOf(scope: AccessScope): PolicyPrincipal {
  return (
    scope.principal ?? {
      type: 'user',
      account: scope.owner,
      canonicalId: scope.owner,
      arn: `arn:aws:iam::${scope.owner}:root`,
    }
  );
}

/** What authorizing a request needs to know about its bucket. */
export interface BucketAccess {
  /** Canonical user id of the bucket's owner. */
  readonly owner: string;
  /** Its policy, compiled; `'invalid'` when the stored document no longer parses. */
  readonly policy?: StoredPolicy;
  /** The policy grants public access, as AWS defines it (`isPublicPolicy`). */
  readonly publicPolicy?: boolean | undefined;
  readonly publicAccessBlock?: PublicAccessBlock | undefined;
  /** Its object ownership; absent for a bucket that has none (made before ownership controls). */
  readonly ownership?: ObjectOwnership | undefined;
  /**
   * Its enabled lifecycle rules, cached here with the rest so that the `x-amz-expiration` of a
   * GET, HEAD or PUT costs no query; absent when it has none.
   */
  readonly lifecycle?: readonly LifecycleRule[] | undefined;
  /**
   * Its versioning was ever configured (`Enabled` or `Suspended`): reads then name the null
   * version `null` (`x-amz-version-id`), as S3 does; absent for a never-versioned bucket.
   */
  readonly versioned?: true | undefined;
}

/** A bucket as {@link AccessControlOptions.lookupBucket} reports it. */
export interface BucketAccessRow {
  readonly owner: string;
  /** The policy document as stored. */
  readonly policy?: string | undefined;
  readonly publicAccessBlock?: PublicAccessBlock | undefined;
  readonly ownership?: ObjectOwnership | undefined;
  readonly lifecycle?: readonly LifecycleRule[] | undefined;
  readonly versioning?: VersioningState | undefined;
}

/** Who owns what: the scope of each access key, and each bucket's owner and policy (cached). */
export interface AccessControl {
  /**
   * Every key belongs to one tenant and none is limited to some buckets: every bucket is theirs,
   * so a tenant key is refused only by an explicit deny of a bucket policy.
   */
  readonly singleTenant: boolean;
  /** The scope of an access key the verifier accepted. */
  scopeOf(accessKeyId: string): AccessScope;
  /** The owner, policy and public access block of `bucket`; `undefined` when it does not exist. */
  bucketAccess(bucket: string): Promise<BucketAccess | undefined>;
  /** The owner id of `bucket`, or `undefined` when it does not exist. */
  bucketOwner(bucket: string): Promise<string | undefined>;
  /**
   * Drops what is cached about `bucket` (after CreateBucket, DeleteBucket, a policy change) and
   * tells the other instances ({@link AccessControlOptions.announce}).
   */
  forget(bucket: string): void;
  /** Drops what is cached about `bucket` on this instance only (another instance's change). */
  invalidate(bucket: string): void;
  /** The account id of the tenant whose canonical id is `owner` (`x-amz-expected-bucket-owner`). */
  accountOf(owner: string): string;
}

/** Options of {@link createAccessControl}. */
export interface AccessControlOptions {
  readonly scopeOf: (accessKeyId: string) => AccessScope;
  /** See {@link AccessControl.singleTenant} (default false). */
  readonly singleTenant?: boolean;
  /**
   * Owners known from the configuration (its `buckets:`): they win over the stored owner, and
   * stand when the metastore cannot be asked.
   */
  readonly knownOwners?: ReadonlyMap<string, string>;
  /** Looks a bucket up in the metastore (`undefined`: no such bucket). */
  readonly lookupBucket: (bucket: string) => Promise<BucketAccessRow | undefined>;
  /**
   * How long a bucket's owner and policy are remembered (default 30 s). On this instance a
   * change is seen at once ({@link AccessControl.forget}); another instance's change as soon as
   * its announcement arrives, and this late at most (no Redis, or a lost message).
   */
  readonly cacheMs?: number;
  readonly now?: () => number;
  /**
   * Account ids by canonical id, for `x-amz-expected-bucket-owner`; an owner not in it is its own
   * account id (as {@link principalOf} assumes for a scope without a principal).
   */
  readonly accounts?: ReadonlyMap<string, string>;
  /** Tells the other instances that `bucket` changed (Redis pub/sub when configured). */
  readonly announce?: (bucket: string) => void;
  /** Told when a stored policy no longer parses (it then grants nothing, and denies no owner). */
  readonly onInvalidPolicy?: (bucket: string, error: unknown) => void;
}

/**
 * An {@link AccessControl} that caches what authorizing needs per bucket (its owner, its policy
 * compiled once), so a request costs no metastore query on the hot path. A missing bucket is not
 * cached (it may be created any moment). When the metastore cannot answer, the last answer
 * seen is used (degraded reads must still be authorized); with none, the lookup's error stands.
 */
export function createAccessControl(options: AccessControlOptions): AccessControl {
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? (() => performance.now());
  const cache = new Map<string, { access: BucketAccess; until: number }>();
  // Bumped by every forget/invalidate: a lookup that read the row before a change but returns
  // after its announcement must not cache the old answer for the whole TTL.
  const generations = new Map<string, number>();
  const drop = (bucket: string) => {
    cache.delete(bucket);
    generations.set(bucket, (generations.get(bucket) ?? 0) + 1);
  };
  const known = options.knownOwners ?? new Map<string, string>();
  const compiled = (bucket: string, row: BucketAccessRow): BucketAccess => {
    const stored: StoredPolicy = compileStoredPolicy(bucket, row.policy, options.onInvalidPolicy);
    return {
      owner: known.get(bucket) ?? row.owner,
      ...(stored === undefined ? {} : { policy: stored }),
      ...(stored === undefined || stored === 'invalid'
        ? {}
        : { publicPolicy: isPublicPolicy(stored) }),
      ...(row.publicAccessBlock === undefined ? {} : { publicAccessBlock: row.publicAccessBlock }),
      ...(row.ownership === undefined ? {} : { ownership: row.ownership }),
      ...lifecycleOf(row.lifecycle),
      ...(row.versioning === undefined || row.versioning === 'Unversioned'
        ? {}
        : { versioned: true as const }),
    };
  };
  const bucketAccess = async (bucket: string): Promise<BucketAccess | undefined> => {
    const cached = cache.get(bucket);
    if (cached !== undefined && cached.until > now()) return cached.access;
    const generation = generations.get(bucket);
    let row: BucketAccessRow | undefined;
    try {
      row = await options.lookupBucket(bucket);
    } catch (error) {
      if (cached !== undefined) return cached.access;
      const pinned = known.get(bucket);
      if (pinned !== undefined) return { owner: pinned };
      throw error;
    }
    if (row === undefined) {
      cache.delete(bucket);
      const pinned = known.get(bucket);
      return pinned === undefined ? undefined : { owner: pinned };
    }
    const access = compiled(bucket, row);
    if (generations.get(bucket) === generation)
      cache.set(bucket, { access, until: now() + cacheMs });
    return access;
  };
  return {
    scopeOf: options.scopeOf,
    singleTenant: options.singleTenant ?? false,
    bucketAccess,
    bucketOwner: async (bucket) => (await bucketAccess(bucket))?.owner,
    forget: (bucket) => {
      drop(bucket);
      options.announce?.(bucket);
    },
    invalidate: drop,
    accountOf: (owner) => options.accounts?.get(owner) ?? owner,
  };
}

/** The `lifecycle` field of a {@link BucketAccess}: the enabled rules, when there are any. */
function lifecycleOf(rules: readonly LifecycleRule[] | undefined): {
  lifecycle?: readonly LifecycleRule[];
} {
  const enabled = rules?.filter((rule) => rule.status === 'Enabled') ?? [];
  return enabled.length === 0 ? {} : { lifecycle: enabled };
}
