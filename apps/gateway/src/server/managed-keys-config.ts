import { accountIdOf, DEFAULT_TENANT } from '../config/access-keys.js';
import { ConfigError } from '../config/config-error.js';
import { readSecretFile } from '../config/credentials.js';
import type { StrataConfig } from '../config/schema.js';

/**
 * The passphrase that seals managed keys' secrets (`admin.keys_master_key`, or the file
 * `admin.keys_master_key_file`); `undefined` when neither is set: no managed keys.
 *
 * @throws ConfigError naming `admin.keys_master_key_file` when it cannot be read or is short.
 */
export async function resolveKeysMasterKey(
  admin: StrataConfig['admin'],
): Promise<string | undefined> {
  if (admin.keys_master_key !== undefined) return admin.keys_master_key;
  if (admin.keys_master_key_file === undefined) return undefined;
  const key = 'admin.keys_master_key_file';
  const secret = await readSecretFile(admin.keys_master_key_file, key);
  if (secret.length < 32) {
    throw new ConfigError(
      `${key}: the passphrase in ${admin.keys_master_key_file} must be at least 32 characters`,
    );
  }
  return secret;
}

/** Every tenant a key may act for (`default` and `tenants[]`), with its account id. */
export function tenantAccounts(config: Pick<StrataConfig, 'tenants'>): ReadonlyMap<string, string> {
  const accounts = new Map([[DEFAULT_TENANT, accountIdOf(DEFAULT_TENANT)]]);
  for (const tenant of config.tenants ?? []) {
    accounts.set(tenant.name, tenant.account_id ?? accountIdOf(tenant.name));
  }
  return accounts;
}
