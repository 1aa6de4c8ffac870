import type { CredentialSummary, MetaStore } from '@strata/metastore-core';
import type { AccessScope } from '../auth/access-control.js';
import {
  AdminKeyError,
  type AdminIssuedKey,
  type AdminKey,
  type AdminKeyStore,
} from '../admin/key-routes.js';
import type { AccessKey } from '../config/access-keys.js';
import { generateCredential } from '../config/credentials.js';
import { scopeOfKey } from './scope-of-key.js';

/** Options of {@link ManagedKeys}. */
export interface ManagedKeysOptions {
  /** Where the keys live (`credentials`), sealed under the store's master key. */
  readonly store: Pick<MetaStore, 'credentials'>;
  /** The tenants a key may act for, by name, with each one's account id (`default` included). */
  readonly tenants: ReadonlyMap<string, string>;
  /** Access key ids of the config: a managed key never takes one of them. */
  readonly configured: ReadonlySet<string>;
  /**
   * How long a lookup's answer is trusted (`admin.keys_refresh`): a key disabled, rotated or
   * deleted on another instance stops working here within this.
   */
  readonly ttlMs: number;
  /**
   * Told of each key this instance rotated, disabled, enabled or deleted, so the other instances
   * can forget it at once (`AccessInvalidation.announceKey`); they do within `ttlMs` anyway.
   */
  readonly onChange?: ((accessKeyId: string) => void) | undefined;
  /** Told of a lookup the metastore could not answer (the stale answer, if any, is served). */
  readonly onError?: ((error: unknown, accessKeyId: string) => void) | undefined;
  /** The clock (ms), for tests. */
  readonly now?: () => number;
}

interface Entry {
  readonly key: AccessKey | undefined;
  readonly scope: AccessScope | undefined;
  readonly at: number;
}

/** Unknown ids remembered at most, so a flood of made-up key ids cannot grow memory. */
const MAX_ENTRIES = 10_000;

/**
 * Access keys kept in the metastore and managed at runtime through the admin API (created,
 * rotated, disabled, deleted; secrets sealed at rest under `admin.keys_master_key`), next to the
 * configured ones. The verifier asks {@link ManagedKeys.lookup} for an id the config does not
 * have; answers, found or not, are cached for `ttlMs` (bounded), so a burst of requests, or of
 * unknown ids, costs one metastore read per id and interval. A change made here applies on this
 * instance at once.
 */
export class ManagedKeys implements AdminKeyStore {
  readonly #options: ManagedKeysOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<AccessKey | undefined>>();

  constructor(options: ManagedKeysOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The enabled managed key of this id, with its secret; `undefined` for an unknown, disabled or
   * deleted one. When the metastore cannot answer, the last answer is served (or none).
   */
  lookup(accessKeyId: string): Promise<AccessKey | undefined> {
    const entry = this.#entries.get(accessKeyId);
    if (entry !== undefined && this.#now() - entry.at < this.#options.ttlMs) {
      return Promise.resolve(entry.key);
    }
    let pending = this.#pending.get(accessKeyId);
    if (pending === undefined) {
      pending = this.#read(accessKeyId, entry).finally(() => this.#pending.delete(accessKeyId));
      this.#pending.set(accessKeyId, pending);
    }
    return pending;
  }

  /** Drops what is cached about a key: its next lookup reads the metastore. */
  forget(accessKeyId: string): void {
    this.#entries.delete(accessKeyId);
  }

  /** What a key {@link ManagedKeys.lookup} found acts as (read right after the lookup). */
  scopeOf(accessKeyId: string): AccessScope | undefined {
    return this.#entries.get(accessKeyId)?.scope;
  }

  /** Every managed key, by id. */
  async list(): Promise<AdminKey[]> {
    return (await this.#options.store.credentials.list()).map(toView);
  }

  /** One managed key. @throws AdminKeyError NotFound */
  async get(accessKeyId: string): Promise<AdminKey> {
    const found = (await this.#options.store.credentials.list()).find(
      (c) => c.accessKeyId === accessKeyId,
    );
    if (found === undefined) throw notFound(accessKeyId);
    return toView(found);
  }

  /**
   * Creates a key for `tenant` (default `default`), limited to `buckets` when given.
   *
   * @throws AdminKeyError BadRequest for an unknown tenant.
   */
  async create(request: { tenant?: string; buckets?: readonly string[] }): Promise<AdminIssuedKey> {
    const tenant = request.tenant ?? 'default';
    if (!this.#options.tenants.has(tenant)) {
      throw new AdminKeyError('BadRequest', `no tenant ${tenant} in the config`);
    }
    let pair = generateCredential();
    while (this.#options.configured.has(pair.accessKeyId)) pair = generateCredential();
    const createdAt = new Date(this.#now());
    const buckets = request.buckets === undefined ? null : [...new Set(request.buckets)].sort();
    await this.#options.store.credentials.put({ ...pair, owner: tenant, buckets, createdAt });
    this.#changed(pair.accessKeyId);
    return {
      accessKeyId: pair.accessKeyId,
      tenant,
      buckets,
      createdAt,
      disabled: false,
      secretAccessKey: pair.secretAccessKey,
    };
  }

  /**
   * A new secret for the key; the old one stops working at once here and within `ttlMs`
   * elsewhere. The key keeps its id, tenant, buckets and state.
   *
   * @throws AdminKeyError NotFound
   */
  async rotate(accessKeyId: string): Promise<AdminIssuedKey> {
    const current = await this.get(accessKeyId);
    const { secretAccessKey } = generateCredential();
    await this.#options.store.credentials.put({
      accessKeyId,
      secretAccessKey,
      owner: current.tenant,
      buckets: current.buckets,
      createdAt: current.createdAt,
      disabled: current.disabled,
    });
    this.#changed(accessKeyId);
    return { ...current, secretAccessKey };
  }

  /** Disables or enables the key again. @throws AdminKeyError NotFound */
  async setDisabled(accessKeyId: string, disabled: boolean): Promise<AdminKey> {
    if (!(await this.#options.store.credentials.setDisabled(accessKeyId, disabled))) {
      throw notFound(accessKeyId);
    }
    this.#changed(accessKeyId);
    return this.get(accessKeyId);
  }

  /** Deletes the key for good. @throws AdminKeyError NotFound */
  async delete(accessKeyId: string): Promise<void> {
    if (!(await this.#options.store.credentials.delete(accessKeyId))) throw notFound(accessKeyId);
    this.#changed(accessKeyId);
  }

  /** A change made here: forgotten at once, and announced to the other instances. */
  #changed(accessKeyId: string): void {
    this.forget(accessKeyId);
    this.#options.onChange?.(accessKeyId);
  }

  async #read(accessKeyId: string, stale: Entry | undefined): Promise<AccessKey | undefined> {
    let key: AccessKey | undefined;
    try {
      const found = await this.#options.store.credentials.get(accessKeyId);
      const account = found && this.#options.tenants.get(found.owner);
      // A key of a tenant since removed from the config authenticates nothing.
      key =
        found === undefined || found.disabled || account === undefined
          ? undefined
          : {
              accessKeyId,
              secretAccessKey: found.secretAccessKey,
              tenant: found.owner,
              account,
              ...(found.buckets === null ? {} : { buckets: new Set(found.buckets) }),
            };
    } catch (error) {
      this.#options.onError?.(error, accessKeyId);
      return stale?.key;
    }
    this.#remember(accessKeyId, {
      key,
      scope: key && scopeOfKey(key),
      at: this.#now(),
    });
    return key;
  }

  #remember(accessKeyId: string, entry: Entry): void {
    this.#entries.delete(accessKeyId);
    this.#entries.set(accessKeyId, entry);
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

function toView(summary: CredentialSummary): AdminKey {
  return {
    accessKeyId: summary.accessKeyId,
    tenant: summary.owner,
    buckets: summary.buckets,
    createdAt: summary.createdAt,
    disabled: summary.disabled,
  };
}

function notFound(accessKeyId: string): AdminKeyError {
  return new AdminKeyError('NotFound', `no managed key ${accessKeyId}`);
}
