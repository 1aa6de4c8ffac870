import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import type { StrataConfig } from './schema.js';

/** An access key pair the gateway accepts. */
export interface GatewayCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The key's user name in policies (`arn:aws:iam::<account>:user/<user>`); default its id. */
  readonly user?: string | undefined;
}

/** Where credentials came from; `generated` means they were created just now and must be shown once. */
export type CredentialSource = 'config' | 'data-dir' | 'generated';

/** The file, inside the data dir, that keeps generated credentials (mode 0600). */
export const CREDENTIALS_FILE = 'credentials.json';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Resolves the gateway's credentials: from config/environment when given, else from the data
 * dir, else generates a pair (AWS-shaped: 20-char key id, 40-char secret) and stores it there.
 */
export async function resolveCredentials(
  config: Pick<StrataConfig, 'credentials' | 'data_dir'>,
): Promise<{ credentials: GatewayCredential[]; source: CredentialSource }> {
  if (config.credentials) {
    const credentials = await Promise.all(
      config.credentials.map(async (c, i) => ({
        accessKeyId: c.access_key_id,
        ...(c.user === undefined ? {} : { user: c.user }),
        secretAccessKey:
          c.secret_access_key ??
          (await readSecretFile(
            c.secret_access_key_file!,
            `credentials.${i}.secret_access_key_file`,
          )),
      })),
    );
    return { source: 'config', credentials };
  }
  const file = join(config.data_dir, CREDENTIALS_FILE);
  const stored = await readStored(file);
  if (stored) return { source: 'data-dir', credentials: [stored] };
  const generated = generateCredential();
  await mkdir(config.data_dir, { recursive: true });
  // `wx` refuses to overwrite: two first starts racing cannot end up with different secrets.
  await writeFile(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return { source: 'generated', credentials: [generated] };
}

/**
 * Reads a secret from a file (Docker/Kubernetes secrets); `key` names the config key in errors.
 *
 * @throws ConfigError naming `key` when the file cannot be read.
 */
export async function readSecretFile(file: string, key: string): Promise<string> {
  try {
    // Secret files conventionally end with a newline that is not part of the secret.
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (cause) {
    throw new ConfigError(`${key}: cannot read ${file}: ${(cause as Error).message}`);
  }
}

async function readStored(file: string): Promise<GatewayCredential | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<GatewayCredential>;
  if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') {
    throw new Error(`${file} is not a credentials file (expected accessKeyId and secretAccessKey)`);
  }
  return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
}

/** A fresh AWS-shaped key pair: a 20-character key id (`SK…`) and a 40-character secret. */
export function generateCredential(): GatewayCredential {
  return {
    accessKeyId: `SK${randomString(18)}`,
    secretAccessKey: randomBytes(30).toString('base64').replace(/\//g, 'x').replace(/\+/g, 'y'),
  };
}

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += KEY_ALPHABET[byte % KEY_ALPHABET.length];
  return out;
}
