import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import { ConfigSchema, type StrataConfig } from './schema.js';

/**
 * Environment variables that override config keys (after the file, before CLI flags): every
 * scalar key, as `STRATA_` + its path in upper case with `.` as `_`.
 * `STRATA_ACCESS_KEY_ID` + `STRATA_SECRET_ACCESS_KEY` (or `STRATA_SECRET_ACCESS_KEY_FILE`)
 * together set one credential.
 */
export const ENV_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'listen',
    'data_dir',
    'region',
    'domain',
    'metastore',
    'log_level',
    'shutdown_timeout',
    'idle_timeout',
    'timeouts.headers',
    'timeouts.keep_alive',
    'timeouts.body_window',
    'timeouts.body_min_rate',
    'trust_proxy',
    'redis',
    'audit.output',
    'audit.max_size',
    'audit.max_files',
    'metrics.listen',
    'metrics.token',
    'admin.listen',
    'admin.keys_master_key',
    'admin.keys_master_key_file',
    'admin.keys_refresh',
    'tracing.otlp_endpoint',
    'tracing.service_name',
    'tracing.sample_ratio',
    'limits.max_in_flight',
    'limits.max_buffered_bytes',
    'limits.per_key.rps',
    'limits.per_key.in_flight',
    'limits.per_address.rps',
    'limits.per_address.in_flight',
    'auth.sigv2',
    'auth.failure_limit.max_failures',
    'auth.failure_limit.window',
    'auth.failure_limit.block',
    'max_xml_body',
    'tls.cert',
    'tls.key',
    'workers.enabled',
    'workers.intent_ttl',
    'workers.reaper_interval',
    'workers.cleanup_interval',
    'workers.multipart_gc_interval',
    'workers.multipart_max_age',
    'workers.replication_interval',
    'workers.job_lease',
    'workers.drain_interval',
    'workers.lifecycle_day_length',
    'workers.lifecycle_max_keys',
    'workers.scrub_rate',
    'workers.scrub_pass_interval',
    'workers.surplus_grace',
    'workers.surplus_interval',
    'workers.usage_flush_interval',
    'workers.lease_ttl',
    'placement',
    'replication.factor',
    'replication.mode',
    'replication.write_quorum',
    'quota_refresh',
    'backend_state_refresh',
    'metastore_retry',
    'breaker.enabled',
    'breaker.timeout',
    'breaker.error_threshold',
    'breaker.volume_threshold',
    'breaker.reset_timeout',
    'cache.enabled',
    'cache.block_size',
    'cache.memory',
    'cache.disk',
    'cache.disk_path',
    'cache.readahead',
    'cache.max_object_size',
    'encryption.current',
    'encryption.chunk_size',
    'encryption.allow_customer_keys_over_http',
    'notifications.max_attempts',
    'notifications.interval',
  ].map((path) => [`STRATA_${path.replace(/\./g, '_').toUpperCase()}`, path]),
);

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
    if (value !== undefined && value !== '') setPath(raw, path, value);
  }
  applyOtelEnv(raw, env);
  const credential = credentialFromEnv(env);
  if (credential) raw.credentials = [credential];
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

/**
 * The standard OpenTelemetry variables, for keys neither the file nor a `STRATA_*` variable set:
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the URL as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (a base
 * URL, `/v1/traces` appended as the OTLP specification says) → `tracing.otlp_endpoint`;
 * `OTEL_SERVICE_NAME` → `tracing.service_name`.
 */
function applyOtelEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const endpoint =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  const defaults: [string, string | undefined][] = [
    ['tracing.otlp_endpoint', endpoint],
    ['tracing.service_name', env.OTEL_SERVICE_NAME],
  ];
  for (const [path, value] of defaults) {
    if (value && getPath(raw, path) === undefined) setPath(raw, path, value);
  }
}

function credentialFromEnv(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const keyId = env.STRATA_ACCESS_KEY_ID;
  const secret = env.STRATA_SECRET_ACCESS_KEY;
  const secretFile = env.STRATA_SECRET_ACCESS_KEY_FILE;
  if (!keyId && !secret && !secretFile) return undefined;
  if (!keyId || (!secret && !secretFile)) {
    throw new ConfigError(
      'STRATA_ACCESS_KEY_ID and STRATA_SECRET_ACCESS_KEY (or STRATA_SECRET_ACCESS_KEY_FILE) must be set together',
    );
  }
  return secret
    ? { access_key_id: keyId, secret_access_key: secret }
    : { access_key_id: keyId, secret_access_key_file: secretFile! };
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
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    // The yaml library quotes the offending line, which may hold a secret (a master key, a
    // password): only the first line of its message (what, and at which line) is shown.
    const what = (cause as Error).message.split('\n')[0]!.replace(/:$/, '');
    throw new ConfigError(`${file}: invalid YAML: ${what}`);
  }
  // ${VAR} is expanded in parsed string values, not in the text, so a value containing `: ` or
  // `#` cannot change the document's structure. An unset variable is an error, not ''.
  parsed = expandEnv(parsed, env, file, []);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file}: the top level must be a mapping of keys`);
  }
  return parsed as Record<string, unknown>;
}

function expandEnv(value: unknown, env: NodeJS.ProcessEnv, file: string, path: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const found = env[name];
      if (found === undefined) {
        throw new ConfigError(
          `${file}: ${path.join('.')}: environment variable ${name} is not set`,
        );
      }
      return found;
    });
  }
  if (Array.isArray(value))
    return value.map((v, i) => expandEnv(v, env, file, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, file, [...path, k])]),
    );
  }
  return value;
}

function getPath(source: Record<string, unknown>, path: string): unknown {
  let node: unknown = source;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
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
