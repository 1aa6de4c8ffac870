import { createHash } from 'node:crypto';
import { ConfigError } from './config-error.js';
import { readSecretFile, type GatewayCredential } from './credentials.js';
import type { StrataConfig } from './schema.js';

/** The tenant of top-level `credentials` (and of generated ones), and of buckets naming none. */
export const DEFAULT_TENANT = 'default';

/** An access key and what it may reach. */
export interface AccessKey extends GatewayCredential {
  readonly tenant: string;
  /** The tenant's 12-digit account id ({@link accountIdOf} unless configured). */
  readonly account: string;
  /** Set for a bucket's own keys: only these buckets (a key of `buckets[].credentials`). */
  readonly buckets?: ReadonlySet<string> | undefined;
}

/** The canonical user id of a tenant: what ACLs and listings show as the owner. */
export function ownerIdOf(tenant: string): string {
  return createHash('sha256').update(`strata:tenant:${tenant}`).digest('hex');
}

/**
 * The 12-digit account id of a tenant as bucket policies name it (`"AWS": "<id>"`,
 * `arn:aws:iam::<id>:root`) when its config gives none: derived from the name, so it is the same
 * on every instance and across restarts.
 */
export function accountIdOf(tenant: string): string {
  const digest = createHash('sha256').update(`strata:account:${tenant}`).digest('hex');
  return (BigInt(`0x${digest.slice(0, 16)}`) % 10n ** 12n).toString().padStart(12, '0');
}

type CredentialEntry = NonNullable<StrataConfig['credentials']>[number];

/**
 * Every access key the gateway accepts: the default tenant's (`defaults`, from `credentials` or
 * the data dir), each tenant's, and each configured bucket's (scoped to that bucket, owned by the
 * bucket's tenant).
 *
 * @throws ConfigError naming the key when an access key id is given twice or a secret file
 *   cannot be read.
 */
export async function resolveAccessKeys(
  config: Pick<StrataConfig, 'tenants' | 'buckets'>,
  defaults: readonly GatewayCredential[],
): Promise<Map<string, AccessKey>> {
  const keys = new Map<string, AccessKey>();
  const add = (key: AccessKey, path: string) => {
    if (keys.has(key.accessKeyId)) {
      throw new ConfigError(`${path}: access key id ${key.accessKeyId} is given twice`);
    }
    keys.set(key.accessKeyId, key);
  };
  const accounts = new Map((config.tenants ?? []).map((t) => [t.name, t.account_id]));
  const account = (tenant: string) => accounts.get(tenant) ?? accountIdOf(tenant);
  defaults.forEach((c, i) =>
    add({ ...c, tenant: DEFAULT_TENANT, account: account(DEFAULT_TENANT) }, `credentials.${i}`),
  );
  for (const [t, tenant] of (config.tenants ?? []).entries()) {
    for (const [i, entry] of tenant.credentials.entries()) {
      const path = `tenants.${t}.credentials.${i}`;
      add(
        { ...(await secretOf(entry, path)), tenant: tenant.name, account: account(tenant.name) },
        path,
      );
    }
  }
  for (const [b, bucket] of (config.buckets ?? []).entries()) {
    for (const [i, entry] of (bucket.credentials ?? []).entries()) {
      const path = `buckets.${b}.credentials.${i}`;
      const tenant = bucket.tenant ?? DEFAULT_TENANT;
      const key = await secretOf(entry, path);
      add({ ...key, tenant, account: account(tenant), buckets: new Set([bucket.name]) }, path);
    }
  }
  return keys;
}

async function secretOf(entry: CredentialEntry, path: string): Promise<GatewayCredential> {
  const secretAccessKey =
    entry.secret_access_key ??
    (await readSecretFile(entry.secret_access_key_file ?? '', `${path}.secret_access_key_file`));
  return {
    accessKeyId: entry.access_key_id,
    secretAccessKey,
    ...(entry.user === undefined ? {} : { user: entry.user }),
  };
}
