import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  scrypt,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MasterKey } from '../credential.js';
import type { Database } from '../database.js';
import type { DialectAdapter } from '../dialect-adapter.js';
import { MetastoreConfigError, MetastoreDecryptError } from '../errors.js';
import { parseJson, serializeJson } from './codec.js';

/** Seals and opens credential secrets under one master key. */
export interface CredentialCipher {
  /** Fingerprint of the master key (HKDF output, not the key): stored next to each secret. */
  readonly keyId: string;
  seal(accessKeyId: string, secret: string): string;
  /** @throws {@link MetastoreDecryptError} */
  open(accessKeyId: string, keyId: string, sealed: string): string;
}

const SEALED_PREFIX = 'v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KDF_SETTING = 'credentials.kdf';
// OWASP's scrypt baseline is N=2^17 with r=8; 2^15 keeps opening a store around 100 ms on a small
// machine while still costing an attacker 32 MiB per guess. Stored, so it can be raised later.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

/** Passphrase parameters kept in `metastore_settings`, the same for every instance. */
interface KdfSetting {
  readonly alg: 'scrypt';
  readonly salt: string;
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Checks a master key's shape before anything touches the database.
 *
 * @throws {@link MetastoreConfigError} `EMETA_BAD_MASTER_KEY`.
 */
export function checkMasterKey(masterKey: MasterKey): void {
  if (typeof masterKey === 'string') {
    if (masterKey.length === 0) {
      throw new MetastoreConfigError('EMETA_BAD_MASTER_KEY', 'the master passphrase is empty');
    }
  } else if (!(masterKey instanceof Uint8Array) || masterKey.byteLength !== 32) {
    throw new MetastoreConfigError(
      'EMETA_BAD_MASTER_KEY',
      'a binary master key must be exactly 32 bytes (or pass a passphrase string)',
    );
  }
}

/**
 * Derives the cipher of a master key. A passphrase is stretched with scrypt under a random salt
 * stored in the database at first use (every instance then derives the same key); the resulting
 * (or given) 32 bytes feed HKDF-SHA256 twice, once for the AES-256-GCM key and once for its
 * fingerprint, so the fingerprint reveals nothing about the encryption key.
 */
export async function createCredentialCipher(
  db: Kysely<Database>,
  adapter: DialectAdapter,
  masterKey: MasterKey,
): Promise<CredentialCipher> {
  checkMasterKey(masterKey);
  const material =
    typeof masterKey === 'string'
      ? await stretch(masterKey, await loadKdfSetting(db, adapter))
      : Buffer.from(masterKey);
  const key = createSecretKey(derive(material, 'aes-256-gcm', 32));
  const keyId = derive(material, 'key-id', 8).toString('hex');
  material.fill(0);
  return new AesGcmCipher(key, keyId);
}

function derive(material: Buffer, purpose: string, bytes: number): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      material,
      Buffer.alloc(0),
      `strata-metastore/credentials/${purpose}/v1`,
      bytes,
    ),
  );
}

/** The stored scrypt parameters, created once (first instance wins under concurrency). */
async function loadKdfSetting(db: Kysely<Database>, adapter: DialectAdapter): Promise<KdfSetting> {
  const fresh: KdfSetting = { alg: 'scrypt', salt: randomBytes(16).toString('base64'), ...SCRYPT };
  const value = await adapter.transaction(db, 'write', async (trx) => {
    await trx
      .insertInto('metastore_settings')
      .values({ name: KDF_SETTING, value: serializeJson(fresh) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await trx
      .selectFrom('metastore_settings')
      .select('value')
      .where('name', '=', KDF_SETTING)
      .executeTakeFirstOrThrow();
    return row.value;
  });
  return parseJson<KdfSetting>(value);
}

function stretch(passphrase: string, { salt, N, r, p }: KdfSetting): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(salt, 'base64'),
      32,
      { N, r, p, maxmem: 256 * N * r },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    );
  });
}

/**
 * AES-256-GCM with a random 12-byte nonce per secret and the access key id as associated data:
 * a sealed secret copied to another access key's row fails authentication.
 */
class AesGcmCipher implements CredentialCipher {
  readonly #key: KeyObject;
  readonly keyId: string;

  constructor(key: KeyObject, keyId: string) {
    this.#key = key;
    this.keyId = keyId;
  }

  seal(accessKeyId: string, secret: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(accessKeyId));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  open(accessKeyId: string, keyId: string, sealed: string): string {
    if (keyId !== this.keyId) throw new MetastoreDecryptError('wrong-master-key', accessKeyId);
    const bytes = sealed.startsWith(SEALED_PREFIX)
      ? Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64')
      : Buffer.alloc(0);
    if (bytes.length < NONCE_BYTES + TAG_BYTES) {
      throw new MetastoreDecryptError('unreadable', accessKeyId);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, NONCE_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(associatedData(accessKeyId));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      // The only failure left is authentication; its cause carries nothing worth keeping.
      throw new MetastoreDecryptError('unreadable', accessKeyId);
    }
  }
}

function associatedData(accessKeyId: string): Buffer {
  return Buffer.from(`strata-metastore/credential/v1:${accessKeyId}`, 'utf8');
}
