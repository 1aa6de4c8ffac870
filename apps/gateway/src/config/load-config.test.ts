import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { resolveCredentials } from './credentials.js';
import { loadConfig } from './load-config.js';

async function yamlFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-config-'));
  const file = join(dir, 'strata.yaml');
  await writeFile(file, text);
  return file;
}

describe('loadConfig', () => {
  it('applies defaults with no file', async () => {
    const config = await loadConfig({ env: {} });
    expect(config.listen).toBe('127.0.0.1:9000');
    expect(config.data_dir).toBe('./strata-data');
    expect(config.region).toBe('us-east-1');
    expect(config.shutdown_timeout).toBe(30_000);
    expect(config.workers.intent_ttl).toBe(3_600_000);
  });

  it('reads workers.lease_ttl (default 30s, env STRATA_WORKERS_LEASE_TTL, at least 3s)', async () => {
    expect((await loadConfig({ env: {} })).workers.lease_ttl).toBe(30_000);
    const config = await loadConfig({ env: { STRATA_WORKERS_LEASE_TTL: '10s' } });
    expect(config.workers.lease_ttl).toBe(10_000);
    await expect(loadConfig({ env: { STRATA_WORKERS_LEASE_TTL: '2s' } })).rejects.toThrow(
      /workers\.lease_ttl: must be at least 3s/,
    );
  });

  it('reads workers.lifecycle_day_length (default 24h, env STRATA_WORKERS_LIFECYCLE_DAY_LENGTH, at least 1s)', async () => {
    expect((await loadConfig({ env: {} })).workers.lifecycle_day_length).toBe(86_400_000);
    const config = await loadConfig({ env: { STRATA_WORKERS_LIFECYCLE_DAY_LENGTH: '2s' } });
    expect(config.workers.lifecycle_day_length).toBe(2_000);
    await expect(
      loadConfig({ env: { STRATA_WORKERS_LIFECYCLE_DAY_LENGTH: '500ms' } }),
    ).rejects.toThrow(/workers\.lifecycle_day_length: must be at least 1s/);
  });

  it('reads workers.lifecycle_max_keys (default 10 000, env STRATA_WORKERS_LIFECYCLE_MAX_KEYS, at least 1)', async () => {
    expect((await loadConfig({ env: {} })).workers.lifecycle_max_keys).toBe(10_000);
    const config = await loadConfig({ env: { STRATA_WORKERS_LIFECYCLE_MAX_KEYS: '50000' } });
    expect(config.workers.lifecycle_max_keys).toBe(50_000);
    await expect(loadConfig({ env: { STRATA_WORKERS_LIFECYCLE_MAX_KEYS: '0' } })).rejects.toThrow(
      /workers\.lifecycle_max_keys: must be at least 1/,
    );
  });

  it('reads the scrubber keys (workers.scrub_rate, workers.scrub_pass_interval)', async () => {
    const defaults = (await loadConfig({ env: {} })).workers;
    expect([defaults.scrub_rate, defaults.scrub_pass_interval]).toEqual([16_777_216, 604_800_000]);
    const config = await loadConfig({
      env: { STRATA_WORKERS_SCRUB_RATE: '4MiB', STRATA_WORKERS_SCRUB_PASS_INTERVAL: '1d' },
    });
    expect([config.workers.scrub_rate, config.workers.scrub_pass_interval]).toEqual([
      4_194_304, 86_400_000,
    ]);
    await expect(loadConfig({ env: { STRATA_WORKERS_SCRUB_RATE: '0' } })).rejects.toThrow(
      /workers\.scrub_rate: must be more than 0 bytes/,
    );
  });

  it('names the bad key in its error', async () => {
    const file = await yamlFile('workers:\n  intent_ttl: soon\n');
    await expect(loadConfig({ file, env: {} })).rejects.toThrow(
      /workers\.intent_ttl: not a duration: soon/,
    );
    const unknown = await yamlFile('listen: 127.0.0.1:9000\nlisten_port: 9\n');
    await expect(loadConfig({ file: unknown, env: {} })).rejects.toThrow(
      /unknown key "listen_port"/,
    );
    const badListen = await yamlFile('listen: nine-thousand\n');
    await expect(loadConfig({ file: badListen, env: {} })).rejects.toBeInstanceOf(ConfigError);
  });

  it('reads tracing from STRATA_TRACING_*, else the standard OTEL_* variables', async () => {
    expect((await loadConfig({ env: {} })).tracing).toEqual({
      otlp_endpoint: undefined,
      service_name: 'strata',
      sample_ratio: 1,
    });
    const strata = await loadConfig({
      env: {
        STRATA_TRACING_OTLP_ENDPOINT: 'http://collector:4318/v1/traces',
        STRATA_TRACING_SAMPLE_RATIO: '0.25',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318',
      },
    });
    expect(strata.tracing.otlp_endpoint).toBe('http://collector:4318/v1/traces');
    expect(strata.tracing.sample_ratio).toBe(0.25);
    const otel = await loadConfig({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel:4318/', OTEL_SERVICE_NAME: 'edge' },
    });
    expect(otel.tracing).toMatchObject({
      otlp_endpoint: 'https://otel:4318/v1/traces',
      service_name: 'edge',
    });
    const file = await yamlFile('tracing:\n  otlp_endpoint: http://file:4318/v1/traces\n');
    const fromFile = await loadConfig({
      file,
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env:4318/v1/traces' },
    });
    expect(fromFile.tracing.otlp_endpoint).toBe('http://file:4318/v1/traces');
    await expect(
      loadConfig({ env: { STRATA_TRACING_OTLP_ENDPOINT: 'collector:4318' } }),
    ).rejects.toThrow(/tracing\.otlp_endpoint: expected an http\(s\) URL/);
    await expect(loadConfig({ env: { STRATA_TRACING_SAMPLE_RATIO: '2' } })).rejects.toThrow(
      /tracing\.sample_ratio/,
    );
  });

  it('layers file < environment < CLI overrides', async () => {
    const file = await yamlFile(
      'region: eu-west-1\nlisten: 127.0.0.1:1000\nworkers:\n  reaper_interval: 5s\n',
    );
    const config = await loadConfig({
      file,
      env: {
        STRATA_LISTEN: '127.0.0.1:2000',
        STRATA_WORKERS_REAPER_INTERVAL: '7s',
        STRATA_MAX_XML_BODY: '4096',
      },
      overrides: { listen: '127.0.0.1:3000' },
    });
    expect(config.region).toBe('eu-west-1');
    expect(config.listen).toBe('127.0.0.1:3000');
    expect(config.workers.reaper_interval).toBe(7_000);
    expect(config.max_xml_body).toBe(4096);
  });

  it('expands ${VAR} in values without letting them change the structure', async () => {
    const file = await yamlFile(
      'credentials:\n  - access_key_id: AKEXAMPLE\n    secret_access_key: ${SECRET}\n',
    );
    const config = await loadConfig({ file, env: { SECRET: 'has: colon # and hash' } });
    expect(config.credentials?.[0]?.secret_access_key).toBe('has: colon # and hash');
    await expect(loadConfig({ file, env: {} })).rejects.toThrow(
      /credentials\.0\.secret_access_key: environment variable SECRET is not set/,
    );
  });

  it('reads secrets from files and requires key id and secret together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-secret-'));
    const secretFile = join(dir, 'secret');
    await writeFile(secretFile, 'file-secret-value\n');
    const config = await loadConfig({
      env: { STRATA_ACCESS_KEY_ID: 'AKFILE', STRATA_SECRET_ACCESS_KEY_FILE: secretFile },
    });
    const { credentials, source } = await resolveCredentials(config);
    expect(source).toBe('config');
    expect(credentials).toEqual([{ accessKeyId: 'AKFILE', secretAccessKey: 'file-secret-value' }]);
    await expect(loadConfig({ env: { STRATA_ACCESS_KEY_ID: 'AKONLY' } })).rejects.toThrow(
      /must be set together/,
    );
  });
});

describe('resolveCredentials', () => {
  it('generates a key pair once and keeps it in the data dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-creds-'));
    const first = await resolveCredentials({ data_dir: dir, credentials: undefined });
    expect(first.source).toBe('generated');
    expect(first.credentials[0]!.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(first.credentials[0]!.secretAccessKey.length).toBe(40);
    const second = await resolveCredentials({ data_dir: dir, credentials: undefined });
    expect(second.source).toBe('data-dir');
    expect(second.credentials).toEqual(first.credentials);
  });
});

describe('loadConfig: limits, redis and trust_proxy', () => {
  it('defaults to an instance cap only, no Redis and no trusted proxy', async () => {
    const config = await loadConfig({ env: {} });
    expect(config.limits).toEqual({
      max_in_flight: 1024,
      max_buffered_bytes: 256 * 1024 * 1024,
      per_key: { rps: 0, in_flight: 0 },
      per_address: { rps: 0, in_flight: 0 },
    });
    expect(config.redis).toBeUndefined();
    expect(config.trust_proxy).toBe(false);
  });

  it('reads every limit from the file and from STRATA_* variables', async () => {
    const file = await yamlFile(
      [
        'redis: redis://cache.internal:6379/2',
        'trust_proxy: [10.0.0.0/8, "fd00::/8", 192.0.2.7]',
        'limits:',
        '  max_in_flight: 64',
        '  max_buffered_bytes: 64MiB',
        '  per_key: { rps: 100, in_flight: 8 }',
        '  per_address: { rps: 20 }',
        '',
      ].join('\n'),
    );
    const config = await loadConfig({
      file,
      env: { STRATA_LIMITS_PER_ADDRESS_IN_FLIGHT: '4', STRATA_LIMITS_PER_KEY_RPS: '50' },
    });
    expect(config.redis).toBe('redis://cache.internal:6379/2');
    expect(config.trust_proxy).toEqual(['10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
    expect(config.limits).toEqual({
      max_in_flight: 64,
      max_buffered_bytes: 64 * 1024 * 1024,
      per_key: { rps: 50, in_flight: 8 },
      per_address: { rps: 20, in_flight: 4 },
    });
    const fromEnv = await loadConfig({
      env: {
        STRATA_REDIS: 'rediss://user:pw@cache:6380',
        STRATA_TRUST_PROXY: '10.0.0.0/8, ::1',
        STRATA_LIMITS_MAX_IN_FLIGHT: '0',
        STRATA_LIMITS_MAX_BUFFERED_BYTES: '0',
        STRATA_LIMITS_PER_KEY_IN_FLIGHT: '3',
        STRATA_LIMITS_PER_ADDRESS_RPS: '7',
      },
    });
    expect(fromEnv.redis).toBe('rediss://user:pw@cache:6380');
    expect(fromEnv.trust_proxy).toEqual(['10.0.0.0/8', '::1']);
    expect(fromEnv.limits.max_in_flight).toBe(0);
    expect(fromEnv.limits.max_buffered_bytes).toBe(0);
    expect(fromEnv.limits.per_key.in_flight).toBe(3);
    expect(fromEnv.limits.per_address.rps).toBe(7);
    expect((await loadConfig({ env: { STRATA_TRUST_PROXY: 'true' } })).trust_proxy).toBe(true);
  });

  it('names the bad key', async () => {
    const bad = async (yaml: string) => loadConfig({ file: await yamlFile(yaml), env: {} });
    await expect(bad('limits:\n  per_key:\n    rps: -1\n')).rejects.toThrow(
      /: limits\.per_key\.rps: /,
    );
    await expect(bad('limits:\n  per_address:\n    burst: 5\n')).rejects.toThrow(
      /limits\.per_address: unknown key "burst"/,
    );
    await expect(bad('limits:\n  max_buffered_bytes: lots\n')).rejects.toThrow(
      /limits\.max_buffered_bytes: not a size: lots/,
    );
    await expect(bad('limits:\n  max_buffered_bytes: 1KB\n')).rejects.toThrow(
      /limits\.max_buffered_bytes: must be 0 \(no limit\) or at least max_xml_body/,
    );
    await expect(bad('redis: cache.internal:6379\n')).rejects.toThrow(/redis: expected redis:\/\//);
    await expect(bad('trust_proxy: [10.0.0.0/8, 10.0.0.0/40]\n')).rejects.toThrow(
      /trust_proxy\.1: not an IP address or CIDR: "10\.0\.0\.0\/40"/,
    );
    await expect(
      loadConfig({ env: { STRATA_TRUST_PROXY: '10.0.0.0/8,proxy.internal' } }),
    ).rejects.toThrow(/trust_proxy: not an IP address or CIDR: "proxy\.internal"/);
  });
});
