import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { DialectAdapter } from '../dialect-adapter.js';
import type { CredentialCipher } from './credential-cipher.js';

/** What every repository needs besides its connection. */
export interface RepoContext {
  readonly db: Kysely<Database>;
  readonly adapter: DialectAdapter;
  /** Current time in milliseconds (enqueue and completion stamps). */
  readonly now: () => number;
  /** The usage shard this transaction's counter updates go to (random per transaction). */
  readonly shard: () => number;
  /** Seals credential secrets; absent when the store was opened without a master key. */
  readonly cipher?: CredentialCipher | undefined;
}

/**
 * Number of rows each usage counter is spread over. A writer's upsert waits for any other open
 * transaction that took the same shard row, so collisions grow with writers ÷ shards: at 32
 * concurrent writers on PostgreSQL, 16 shards cost commits 30 % (bench `metastore`). Reads sum
 * every shard row, which stays cheap at this count. Changing it needs no migration: a total is
 * the sum over whatever shard numbers exist.
 */
export const USAGE_SHARDS = 128;
