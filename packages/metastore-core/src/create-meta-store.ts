import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { DialectAdapter } from './dialect-adapter.js';
import { checkMasterKey, createCredentialCipher } from './internal/credential-cipher.js';
import type { CredentialCipher } from './internal/credential-cipher.js';
import type { MasterKey } from './credential.js';
import type { MetaStoreCallStartObserver } from './meta-store-call.js';
import { KyselyMetaStore } from './internal/kysely-meta-store.js';
import { runMigrations } from './internal/run-migrations.js';
import type { MetaStore } from './store.js';

/** Options of {@link createMetaStore}. */
export interface CreateMetaStoreOptions {
  /** A kysely instance on the database; the store owns it from now on and destroys it on `close()`. */
  readonly db: Kysely<Database>;
  /** The dialect's adapter (`createSqliteAdapter()` from `@strata/metastore-core/sqlite`). */
  readonly adapter: DialectAdapter;
  /**
   * Seals credential secrets at rest: 32 random bytes (e.g. `randomBytes(32)`, kept in a secret
   * manager), or a passphrase stretched with scrypt under a salt stored in the database. Without
   * it, `credentials.put`/`get` throw {@link MetastoreConfigError} `EMETA_NO_MASTER_KEY`; every
   * instance sharing a database must use the same one.
   */
  readonly masterKey?: MasterKey | undefined;
  /**
   * Told as every repository call (`store.objects.get`), `transaction` and `ping` starts, in the
   * caller's async context, and (through the function it returns) when it settles: a tracer's
   * span around each call. Must not throw. Without it calls are not wrapped at all.
   */
  readonly onCallStart?: MetaStoreCallStartObserver | undefined;
}

/**
 * Brings the schema up to date (forward-only migrations, safe to run from several processes at
 * once) and returns the store. Dialect entry points such as `openSqliteStore` call this.
 *
 * @throws {@link MetastoreConfigError} `EMETA_BAD_MASTER_KEY` for a master key that is not 32
 *   bytes or an empty passphrase.
 * @throws the mapped driver error ({@link MetastoreBusyError}, {@link MetastoreUnavailableError})
 *   when the migration cannot run.
 */
export async function createMetaStore(options: CreateMetaStoreOptions): Promise<MetaStore> {
  const { db, adapter, masterKey, onCallStart } = options;
  if (masterKey !== undefined) checkMasterKey(masterKey);
  let cipher: CredentialCipher | undefined;
  try {
    await runMigrations(db, adapter);
    if (masterKey !== undefined) cipher = await createCredentialCipher(db, adapter, masterKey);
  } catch (error) {
    throw adapter.mapError(error);
  }
  return new KyselyMetaStore(db, adapter, cipher, onCallStart);
}
