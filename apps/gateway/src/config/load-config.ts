import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import { ConfigSchema, type StrataConfig } from './schema.js';

/**
 * Environment variables that override config keys (after the file, before CLI flags).
 * `STRATA_ACCESS_KEY_ID` + `STRATA_SECRET_ACCESS_KEY` together set one credential.
 */
export const ENV_KEYS = {
  STRATA_LISTEN: 'listen',
  STRATA_DATA_DIR: 'data_dir',
  STRATA_REGION: 'region',
  STRATA_DOMAIN: 'domain',
  STRATA_METASTORE: 'metastore',
  STRATA_LOG_LEVEL: 'log_level',
  STRATA_SHUTDOWN_TIMEOUT: 'shutdown_timeout',
  STRATA_TLS_CERT: 'tls.cert',
  STRATA_TLS_KEY: 'tls.key',
  STRATA_WORKERS_ENABLED: 'workers.enabled',
} as const;

/** Sources merged by {@link loadConfig}, lowest precedence first. */
export interface LoadConfigOptions {
  /** Path of a `strata.yaml`; none means defaults only. */
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides from CLI flags, as dotted config paths (`tls.cert`). */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads, merges and validates the configuration: file (with `${ENV}` expansion) < `STRATA_*`
 * environment < CLI overrides. Throws {@link ConfigError} naming the first bad key.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<StrataConfig> {
  const env = options.env ?? process.env;
  let raw: Record<string, unknown> = {};
  if (options.file) raw = await readConfigFile(options.file, env);
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, coerce(value));
  }
  const keyId = env.STRATA_ACCESS_KEY_ID;
  const secret = env.STRATA_SECRET_ACCESS_KEY;
  if (keyId || secret) {
    if (!keyId || !secret) {
      throw new ConfigError(
        'STRATA_ACCESS_KEY_ID and STRATA_SECRET_ACCESS_KEY must be set together',
      );
    }
    raw.credentials = [{ access_key_id: keyId, secret_access_key: secret }];
  }
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setPath(raw, path, value);
  }
  return validateConfig(raw, options.file);
}

/** Validates an already-parsed config object. */
export function validateConfig(raw: unknown, source = 'config'): StrataConfig {
  const result = ConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.') || '(root)';
  const detail =
    issue.code === 'unrecognized_keys'
      ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  throw new ConfigError(`${source}: ${path}: ${detail}`);
}

async function readConfigFile(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`);
  }
  // ${VAR} expansion happens on the text, so it works in any value; an unset variable is an error
  // rather than a silent empty string.
  const expanded = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const value = env[name];
    if (value === undefined)
      throw new ConfigError(`${file}: environment variable ${name} is not set`);
    return value;
  });
  let parsed: unknown;
  try {
    parsed = parseYaml(expanded);
  } catch (cause) {
    throw new ConfigError(`${file}: invalid YAML: ${(cause as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file}: the top level must be a mapping of keys`);
  }
  return parsed as Record<string, unknown>;
}

function coerce(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
