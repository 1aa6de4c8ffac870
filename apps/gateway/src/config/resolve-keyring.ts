import { readFile } from 'node:fs/promises';
import { Keyring, MASTER_KEY_SIZE } from '@strata/envelope';
import { ConfigError } from './config-error.js';
import { decodeKeyText, type ConfiguredKey } from './configured-key.js';
import type { EncryptionConfig } from './encryption-schema.js';

/**
 * The keyring of `encryption.keys` and `encryption.current`, reading the keys kept in files
 * (`file:/path`: 32 raw bytes, or a base64 or hex key as text); `undefined` when no keys are
 * configured. Neither the result nor an error shows key bytes.
 *
 * @throws ConfigError naming the key (`encryption.keys.k2: …`) when its file cannot be read or
 *   does not hold a 32-byte key.
 */
export async function resolveKeyring(
  encryption: Pick<EncryptionConfig, 'keys' | 'current'>,
): Promise<Keyring | undefined> {
  const { keys, current } = encryption;
  if (keys === undefined || current === undefined) return undefined;
  const entries = await Promise.all(
    Object.entries(keys).map(
      async ([id, key]) => [id, await keyBytes(key, `encryption.keys.${id}`)] as const,
    ),
  );
  try {
    return new Keyring({ keys: Object.fromEntries(entries), current });
  } catch (cause) {
    // The schema has checked ids and current already; the keyring's messages name ids, not bytes.
    throw new ConfigError(`encryption: ${(cause as Error).message}`);
  }
}

async function keyBytes(key: ConfiguredKey, path: string): Promise<Buffer> {
  if (key.bytes !== undefined) return key.bytes;
  const file = key.file!;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (cause) {
    throw new ConfigError(`${path}: cannot read ${file}: ${(cause as Error).message}`);
  }
  // Exactly 32 bytes is a raw key (`head -c 32 /dev/urandom`); anything else must be key text.
  if (content.length === MASTER_KEY_SIZE) return content;
  const decoded = decodeKeyText(content.toString('utf8'));
  if ('reason' in decoded) {
    throw new ConfigError(
      `${path}: ${file} must hold a ${MASTER_KEY_SIZE}-byte key: ${MASTER_KEY_SIZE} raw bytes, or base64 or hex text; ${decoded.reason}`,
    );
  }
  return decoded.bytes;
}
