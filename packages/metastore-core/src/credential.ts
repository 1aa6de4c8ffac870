import { inspect } from 'node:util';

/**
 * The master key credential secrets are sealed under: 32 random bytes (a `Buffer` or any
 * `Uint8Array`), or a passphrase string, stretched with scrypt under a salt stored in the database.
 */
export type MasterKey = Uint8Array | string;

/** An access key as listed: everything but the secret. */
export interface CredentialSummary {
  readonly accessKeyId: string;
  /** The tenant the key acts for. */
  readonly owner: string;
  /** The buckets the key may use, or `null` for every bucket of its owner. */
  readonly buckets: readonly string[] | null;
  readonly createdAt: Date;
  /**
   * Fingerprint of the master key that sealed the secret (never the key itself): keys sealed
   * under an older master key are the ones a rotation must re-seal.
   */
  readonly masterKeyId: string;
  /** A disabled key is kept (its id, tenant and scope) but must not authenticate anything. */
  readonly disabled: boolean;
}

/** What {@link CredentialRepo.put} stores. */
export interface CredentialInput {
  readonly accessKeyId: string;
  /** Encrypted before it reaches the database; never logged. */
  readonly secretAccessKey: string;
  readonly owner: string;
  /** The buckets the key may use; `null` or omitted: every bucket of the owner. */
  readonly buckets?: readonly string[] | null | undefined;
  readonly createdAt: Date;
  /** Stored disabled ({@link CredentialSummary.disabled}); default false. */
  readonly disabled?: boolean | undefined;
}

/**
 * An access key with its decrypted secret. The secret is kept in a private field behind a getter,
 * so it is not an own enumerable property: `JSON.stringify`, `util.inspect`, `console.log`,
 * `String()`, spreading and `structuredClone` all leave it out. Read it only where a signature
 * is verified.
 */
export class Credential implements CredentialSummary {
  readonly accessKeyId: string;
  readonly owner: string;
  readonly buckets: readonly string[] | null;
  readonly createdAt: Date;
  readonly masterKeyId: string;
  readonly disabled: boolean;
  readonly #secretAccessKey: string;

  constructor(summary: CredentialSummary, secretAccessKey: string) {
    this.accessKeyId = summary.accessKeyId;
    this.owner = summary.owner;
    this.buckets = summary.buckets;
    this.createdAt = summary.createdAt;
    this.masterKeyId = summary.masterKeyId;
    this.disabled = summary.disabled;
    this.#secretAccessKey = secretAccessKey;
  }

  /** The secret access key, in clear. */
  get secretAccessKey(): string {
    return this.#secretAccessKey;
  }

  /** Everything but the secret. */
  toSummary(): CredentialSummary {
    return {
      accessKeyId: this.accessKeyId,
      owner: this.owner,
      buckets: this.buckets,
      createdAt: this.createdAt,
      masterKeyId: this.masterKeyId,
      disabled: this.disabled,
    };
  }

  /** `JSON.stringify` gives the summary, without the secret. */
  toJSON(): CredentialSummary {
    return this.toSummary();
  }

  toString(): string {
    return `Credential(${this.accessKeyId})`;
  }

  [inspect.custom](depth: number, options: object): string {
    return `Credential ${inspect({ ...this.toSummary(), secretAccessKey: '[redacted]' }, { ...options, depth })}`;
  }
}

/**
 * Access keys and their secrets, sealed at rest with AES-256-GCM under the store's master key
 * (see `masterKey` of `openSqliteStore` / `openPostgresStore`).
 */
export interface CredentialRepo {
  /**
   * Stores (or replaces) an access key, its secret encrypted with a fresh random nonce and the
   * access key id as associated data.
   *
   * @throws {@link MetastoreConfigError} `EMETA_NO_MASTER_KEY` when the store has no master key.
   * @throws TypeError when the access key id or secret is empty.
   */
  put(credential: CredentialInput): Promise<void>;
  /**
   * The access key with its secret decrypted, or `undefined` when unknown.
   *
   * @throws {@link MetastoreConfigError} `EMETA_NO_MASTER_KEY` when the store has no master key.
   * @throws {@link MetastoreDecryptError} when the secret was sealed under another master key or
   *   fails authentication.
   */
  get(accessKeyId: string): Promise<Credential | undefined>;
  /** Access keys (of one owner when given), by access key id; never secrets. Needs no master key. */
  list(owner?: string): Promise<CredentialSummary[]>;
  /** Deletes an access key; resolves false when it did not exist. Needs no master key. */
  delete(accessKeyId: string): Promise<boolean>;
  /**
   * Disables (or enables again) an access key, keeping its secret; resolves false when it does
   * not exist. Needs no master key.
   */
  setDisabled(accessKeyId: string, disabled: boolean): Promise<boolean>;
}
