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

/** Number of rows each usage counter is spread over. */
export const USAGE_SHARDS = 16;
