import type { Selectable } from 'kysely';
import { Credential } from '../credential.js';
import type { CredentialInput, CredentialRepo, CredentialSummary } from '../credential.js';
import type { CredentialsTable } from '../database.js';
import { MetastoreConfigError } from '../errors.js';
import { parseJson, serializeJson, toNumber } from './codec.js';
import type { CredentialCipher } from './credential-cipher.js';
import type { RepoContext } from './repo-context.js';

/**
 * {@link CredentialRepo} over kysely. Only ciphertext reaches SQL, so neither query logs (kysely
 * plugins) nor driver errors (PostgreSQL's "failing row contains …") can show a secret.
 */
export class KyselyCredentialRepo implements CredentialRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async put(credential: CredentialInput): Promise<void> {
    const cipher = this.#cipher();
    const { accessKeyId, secretAccessKey } = credential;
    if (typeof accessKeyId !== 'string' || accessKeyId.length === 0) {
      throw new TypeError('accessKeyId must be a non-empty string');
    }
    // Says nothing about the value: a message must never carry any part of a secret.
    if (typeof secretAccessKey !== 'string' || secretAccessKey.length === 0) {
      throw new TypeError('secretAccessKey must be a non-empty string');
    }
    const row = {
      access_key_id: accessKeyId,
      owner: credential.owner,
      buckets: credential.buckets == null ? null : serializeJson([...credential.buckets]),
      secret_key_id: cipher.keyId,
      secret_sealed: cipher.seal(accessKeyId, secretAccessKey),
      created_at: credential.createdAt.getTime(),
      disabled: credential.disabled === true ? 1 : 0,
    };
    await this.#ctx.db
      .insertInto('credentials')
      .values(row)
      .onConflict((oc) =>
        oc.column('access_key_id').doUpdateSet({
          owner: row.owner,
          buckets: row.buckets,
          secret_key_id: row.secret_key_id,
          secret_sealed: row.secret_sealed,
          created_at: row.created_at,
          disabled: row.disabled,
        }),
      )
      .execute();
  }

  async get(accessKeyId: string): Promise<Credential | undefined> {
    const cipher = this.#cipher();
    const row = await this.#ctx.db
      .selectFrom('credentials')
      .selectAll()
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const secret = cipher.open(row.access_key_id, row.secret_key_id, row.secret_sealed);
    return new Credential(toSummary(row), secret);
  }

  async list(owner?: string): Promise<CredentialSummary[]> {
    let query = this.#ctx.db
      .selectFrom('credentials')
      .select(['access_key_id', 'owner', 'buckets', 'created_at', 'secret_key_id', 'disabled'])
      .orderBy('access_key_id');
    if (owner !== undefined) query = query.where('owner', '=', owner);
    return (await query.execute()).map(toSummary);
  }

  async delete(accessKeyId: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('credentials')
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return toNumber(result.numDeletedRows) > 0;
  }

  async setDisabled(accessKeyId: string, disabled: boolean): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('credentials')
      .set({ disabled: disabled ? 1 : 0 })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) > 0;
  }

  #cipher(): CredentialCipher {
    const { cipher } = this.#ctx;
    if (cipher === undefined) {
      throw new MetastoreConfigError(
        'EMETA_NO_MASTER_KEY',
        'credentials need a master key: open the store with `masterKey`',
      );
    }
    return cipher;
  }
}

function toSummary(
  row: Pick<
    Selectable<CredentialsTable>,
    'access_key_id' | 'owner' | 'buckets' | 'created_at' | 'secret_key_id' | 'disabled'
  >,
): CredentialSummary {
  return {
    accessKeyId: row.access_key_id,
    owner: row.owner,
    buckets: row.buckets === null ? null : parseJson<string[]>(row.buckets),
    createdAt: new Date(toNumber(row.created_at)),
    masterKeyId: row.secret_key_id,
    disabled: toNumber(row.disabled) === 1,
  };
}
