import type { Keyring, WrappedDataKey } from '@strata/envelope';
import {
  s3VersionIdOf,
  type MetaStore,
  type ObjectRecord,
  type ObjectVersion,
} from '@strata/metastore-core';
import { NoKeyringError } from './errors.js';
import { noSuchBucket } from './internal/s3-errors.js';
import { CUSTOMER_KEY_ID, wrappedKeyOf } from './internal/seal.js';

/**
 * What {@link rotateKeys} works with: a metastore and the keyring (an object layer's, or a
 * command line's that has no backends open).
 */
export interface RotateKeysContext {
  readonly store: MetaStore;
  readonly keyring: Keyring | undefined;
}

/**
 * A place in the walk of {@link rotateKeys}: an object version, in bucket then key byte order,
 * each key's versions newest first. Without `versionId`, after every version of the key.
 */
export interface RotateKeysCursor {
  readonly bucket: string;
  readonly key: string;
  /** The S3 version id (`null` for the null version) of the version the walk stopped after. */
  readonly versionId?: string | undefined;
}

/** Options of {@link rotateKeys}. */
export interface RotateKeysOptions {
  /** Walk only this bucket. */
  readonly bucket?: string | undefined;
  /** Resume after this object (a cursor a previous run reported). */
  readonly after?: RotateKeysCursor | undefined;
  /** Stops the walk at the next object; the result then has `complete: false`. */
  readonly signal?: AbortSignal | undefined;
  /** Told after each page of objects (up to {@link ROTATE_KEYS_PAGE_SIZE}). */
  readonly onProgress?: ((progress: RotateKeysProgress) => void) | undefined;
}

/** What a key rotation counted so far. */
export interface RotateKeysCounts {
  /**
   * Object versions looked at, current and noncurrent (plaintext, SSE-C and already current
   * ones included).
   */
  readonly scanned: number;
  /** Data keys rewrapped under the current key and recorded. */
  readonly rewrapped: number;
  /** Versions overwritten or deleted between their listing and their update: nothing to do. */
  readonly skipped: number;
  /** Versions whose data key could not be unwrapped (its master key missing, or damaged). */
  readonly failed: number;
  /**
   * Versions left under an older key on purpose: SSE-KMS writes that named their key (or whose
   * bucket default named it) stay under it, as a KMS key's objects do. That key must stay in the
   * keyring while they exist (`keptKeys` says which).
   */
  readonly kept: number;
}

/** Where a key rotation is, after a page. */
export interface RotateKeysProgress extends RotateKeysCounts {
  /** The last object of the page: `after` for a run that resumes from here. */
  readonly cursor: RotateKeysCursor;
}

/** An object version whose data key could not be rewrapped. */
export interface RotateKeysFailure {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** The id of the master key its data key is wrapped with. */
  readonly keyId: string;
  /** `EENVELOPE_MISSING_KEY` (the keyring lacks `keyId`), `EENVELOPE_AUTH` (damaged), … */
  readonly code: string | undefined;
  readonly message: string;
}

/** The outcome of {@link rotateKeys}. */
export interface RotateKeysResult extends RotateKeysCounts {
  /** The key every rewrapped data key is now wrapped with. */
  readonly currentKeyId: string;
  /** The first {@link MAX_REPORTED_FAILURES} failures met (`failed` counts them all). */
  readonly failures: readonly RotateKeysFailure[];
  /** Key id → versions `kept` under it: keys that cannot leave the keyring yet. */
  readonly keptKeys: Readonly<Record<string, number>>;
  /** False when `signal` stopped the walk before its end. */
  readonly complete: boolean;
  /**
   * Where a stopped walk resumes after: the last object looked at, else `after` (`undefined` when
   * neither).
   */
  readonly cursor: RotateKeysCursor | undefined;
}

/** Objects listed per metastore query (S3's page size). */
export const ROTATE_KEYS_PAGE_SIZE = 1000;
/**
 * Updates in flight at once: each is one short conditional UPDATE, so a few in parallel hide the
 * round trips to a remote PostgreSQL without crowding out the gateway's own queries.
 */
const CONCURRENCY = 8;
/** Failures reported one by one; more are only counted. */
export const MAX_REPORTED_FAILURES = 10;

/**
 * Rewraps, under the keyring's current key, the data key of every object version, current or
 * noncurrent, whose data key is wrapped with another master key (a key rotation): walks the
 * buckets in name order (or one bucket), their versions in key order a page at a time (as
 * ListObjectVersions pages them), and for each stale version replaces its recorded encryption
 * (`versions.setEncryption`, wherever the version is by then; a version deleted meanwhile is
 * counted as `skipped`). Plaintext objects and SSE-C objects (wrapped with the
 * customer's key, which Strata never holds) are left alone.
 *
 * **No object data is rewritten**, only the wrapped data key in the metastore. The copy of the
 * wrapped key in each encrypted segment's header keeps the old key id (see the `@strata/envelope`
 * README, "What a rewrap does not change"): reading a blob from its backend bytes alone, without
 * the metastore, still needs the key that wrapped it when it was written, so keep a retired key
 * safe for as long as such recovery matters, even once a rotation no longer reports it.
 *
 * Idempotent: rerunning after an interruption or a failure redoes nothing already rewrapped, and
 * `after` (a reported `cursor`) skips what an earlier run walked. A data key that cannot be
 * unwrapped (its master key is not in the keyring: `MissingKeyError`) is counted as `failed`,
 * with its key id, and the walk goes on. SSE-KMS versions whose write named its key stay under it
 * and are counted as `kept`, by key (`keptKeys`): such a key must stay in the keyring. Not
 * covered: the data keys of multipart uploads still in progress (an upload completed after the
 * walk keeps its key until the next run).
 *
 * @example
 * ```ts
 * import { rotateKeys } from '@strata/object-layer';
 *
 * // After adding a key `k2` to the keyring and making it current:
 * const result = await rotateKeys({ store, keyring });
 * console.log(result.rewrapped, result.failed, result.failures);
 * ```
 *
 * @throws NoKeyringError when `ctx.keyring` is undefined; S3Error NoSuchBucket for an unknown
 *   `bucket`; metastore errors unchanged (the last `onProgress` cursor says where to resume).
 */
export async function rotateKeys(
  ctx: RotateKeysContext,
  options: RotateKeysOptions = {},
): Promise<RotateKeysResult> {
  const keyring = ctx.keyring;
  if (keyring === undefined) throw new NoKeyringError();
  const { after, signal } = options;
  const walk = new Walk(keyring, after);
  for (const bucket of await bucketsToWalk(ctx, options)) {
    const resume = after !== undefined && after.bucket === bucket ? after : undefined;
    let keyMarker = resume?.key;
    let versionIdMarker = resume?.versionId;
    // Where a listing starts that takes the key `versionIdMarker` is inside from its first
    // version (`undefined`: the bucket's start). Unknown for a resumed cursor: the bucket's start.
    let keyStart: string | undefined;
    for (;;) {
      if (signal?.aborted) return walk.result(false);
      if (
        keyMarker !== undefined &&
        versionIdMarker !== undefined &&
        (await ctx.store.versions.get(bucket, keyMarker, versionIdMarker)) === undefined
      ) {
        // The version the walk stopped after is gone, and a listing after a missing version
        // skips the rest of its key: take the key again from its start (a rewrap is idempotent).
        keyMarker = keyStart;
        versionIdMarker = undefined;
      }
      const startedInside = versionIdMarker !== undefined;
      const pageStart = keyMarker;
      // Every version a bucket keeps, not only current ones: a noncurrent version's data key
      // is as much under the old master key.
      const page = await ctx.store.versions.list(bucket, {
        maxKeys: ROTATE_KEYS_PAGE_SIZE,
        keyMarker,
        versionIdMarker: keyMarker === undefined ? undefined : versionIdMarker,
      });
      const records = page.versions.flatMap((v) => (v.kind === 'object' ? [v.record] : []));
      const stopped = await rotatePage(ctx, walk, records, signal);
      if (stopped) return walk.result(false);
      if (walk.cursor !== undefined) options.onProgress?.({ ...walk.counts, cursor: walk.cursor });
      if (!page.isTruncated || page.nextKeyMarker === undefined) break;
      if (page.nextVersionIdMarker !== undefined) {
        const keys = [...new Set(page.versions.map(keyOf))];
        const split = keys.lastIndexOf(page.nextKeyMarker);
        if (split > 0) keyStart = keys[split - 1];
        else if (!startedInside) keyStart = pageStart;
      }
      keyMarker = page.nextKeyMarker;
      versionIdMarker = page.nextVersionIdMarker;
    }
  }
  return walk.result(true);
}

/** The key of a listed version. */
function keyOf(version: ObjectVersion): string {
  return version.kind === 'object' ? version.record.key : version.marker.key;
}

/** The buckets to walk, in name order, starting at `after`'s. */
async function bucketsToWalk(
  ctx: RotateKeysContext,
  options: RotateKeysOptions,
): Promise<string[]> {
  let names: string[];
  if (options.bucket === undefined) {
    names = (await ctx.store.buckets.list()).map((b) => b.name);
  } else {
    if ((await ctx.store.buckets.get(options.bucket)) === undefined) {
      throw noSuchBucket(options.bucket);
    }
    names = [options.bucket];
  }
  // Bucket names are ASCII, so UTF-16 order is byte order, the order keys are listed in too.
  names.sort();
  const from = options.after?.bucket;
  return from === undefined ? names : names.filter((name) => name >= from);
}

/**
 * Rotates the records of one page, {@link CONCURRENCY} at a time, taking them in order; stops
 * taking new ones when `signal` aborts or an update fails. Afterwards the walk's cursor is the last
 * record taken (every record up to it is done). Resolves true when `signal` stopped it early.
 *
 * @throws the first metastore error, once the updates in flight have settled.
 */
async function rotatePage(
  ctx: RotateKeysContext,
  walk: Walk,
  records: readonly ObjectRecord[],
  signal: AbortSignal | undefined,
): Promise<boolean> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const work = async () => {
    while (next < records.length && failure === undefined && !signal?.aborted) {
      const record = records[next++]!;
      try {
        await rotateOne(ctx, walk, record);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, work));
  const last = records[next - 1];
  if (last !== undefined) {
    walk.cursor = { bucket: last.bucket, key: last.key, versionId: s3VersionIdOf(last) };
  }
  if (failure !== undefined) throw failure.error;
  return next < records.length;
}

/** Rewraps one version's data key if it is under a key other than the current one. */
async function rotateOne(ctx: RotateKeysContext, walk: Walk, record: ObjectRecord): Promise<void> {
  walk.scanned++;
  const encryption = record.encryption;
  // An SSE-C data key is wrapped with the customer's key, never with one of the keyring's.
  if (encryption === undefined || encryption.method === 'SSE-C') return;
  if (encryption.keyId === CUSTOMER_KEY_ID) return;
  const wrapped = wrappedKeyOf(encryption);
  if (!walk.keyring.isStale(wrapped)) return;
  // An SSE-KMS write that named its key stays under that key, as a KMS key's objects do:
  // counted, so the operator knows that key cannot leave the keyring yet.
  if (encryption.kmsKeyId !== undefined) {
    walk.keep(encryption.keyId);
    return;
  }
  let next: WrappedDataKey;
  try {
    next = walk.keyring.rewrap(wrapped);
  } catch (error) {
    // Local crypto only (no I/O): a missing master key or a damaged wrapped key is this object's
    // problem, not the walk's.
    walk.fail(record, encryption.keyId, error);
    return;
  }
  const rewrapped = {
    ...encryption,
    keyId: next.keyId,
    wrappedKey: next.wrapped.toString('base64'),
  };
  // Current or noncurrent (or moved between the two since it was listed): the store finds it.
  const replaced = await ctx.store.versions.setEncryption(
    record.bucket,
    record.key,
    record.versionId,
    rewrapped,
  );
  if (replaced) walk.rewrapped++;
  else walk.skipped++;
}

/** The state of one {@link rotateKeys} run. */
class Walk {
  readonly keyring: Keyring;
  scanned = 0;
  rewrapped = 0;
  skipped = 0;
  failed = 0;
  kept = 0;
  readonly keptKeys: Record<string, number> = {};
  readonly failures: RotateKeysFailure[] = [];
  cursor: RotateKeysCursor | undefined;

  constructor(keyring: Keyring, cursor: RotateKeysCursor | undefined) {
    this.keyring = keyring;
    this.cursor = cursor;
  }

  get counts(): RotateKeysCounts {
    const { scanned, rewrapped, skipped, failed, kept } = this;
    return { scanned, rewrapped, skipped, failed, kept };
  }

  keep(keyId: string): void {
    this.kept++;
    this.keptKeys[keyId] = (this.keptKeys[keyId] ?? 0) + 1;
  }

  fail(record: ObjectRecord, keyId: string, error: unknown): void {
    this.failed++;
    if (this.failures.length >= MAX_REPORTED_FAILURES) return;
    const code = (error as { code?: unknown } | null)?.code;
    this.failures.push({
      bucket: record.bucket,
      key: record.key,
      versionId: record.versionId,
      keyId,
      code: typeof code === 'string' ? code : undefined,
      message: error instanceof Error ? error.message : String(error),
    });
  }

  result(complete: boolean): RotateKeysResult {
    return {
      ...this.counts,
      currentKeyId: this.keyring.currentKeyId,
      failures: [...this.failures],
      keptKeys: { ...this.keptKeys },
      complete,
      cursor: this.cursor,
    };
  }
}
