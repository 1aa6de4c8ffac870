// Keeps docker/'s monitoring stack honest without Docker or Grafana: every metric and label the
// Grafana dashboard queries is one a running gateway exposes, and the compose file, Prometheus
// and Grafana provisioning agree on where the metrics are and which datasource serves them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../config/load-config.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';

const dockerDir = fileURLToPath(new URL('../../../../docker/', import.meta.url));
const readText = (path: string) => readFile(join(dockerDir, path), 'utf8');
const readYaml = async <T>(path: string) => parse(await readText(path)) as T;

/** The parts of docker/'s YAML files the test reads. */
interface ComposeService {
  readonly image?: string;
  readonly profiles?: string[];
  readonly ports?: string[];
  readonly environment?: Record<string, string>;
  readonly volumes?: string[];
}
interface Compose {
  readonly services: Record<string, ComposeService>;
}
interface PrometheusConfig {
  readonly global: { readonly scrape_interval: string };
  readonly scrape_configs: {
    readonly job_name: string;
    readonly metrics_path?: string;
    readonly static_configs?: { readonly targets: string[] }[];
  }[];
}
interface GrafanaDatasources {
  readonly datasources: { readonly uid: string; readonly type: string; readonly url: string }[];
}
interface GrafanaDashboardProviders {
  readonly providers: { readonly options: { readonly path: string } }[];
}

interface Target {
  readonly expr?: string;
  readonly legendFormat?: string;
  readonly datasource?: { readonly uid?: string };
}
interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly uid?: string };
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}

/** Every panel of the dashboard, with those nested in (collapsed) rows. */
function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** The metric names of a PromQL expression (every `strata_*` identifier outside strings). */
function metricsOf(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...new Set(code.match(/\bstrata_[a-zA-Z0-9_:]*/g) ?? [])];
}

/** The label names an expression and its legend use: matchers, groupings, `{{label}}`. */
function labelsOf(expr: string, legend = ''): string[] {
  const labels = [
    ...[...expr.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*"/g)].map((m) => m[1]!),
    ...[...expr.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)]
      .flatMap((m) => m[1]!.split(','))
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    ...[...legend.matchAll(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)].map((m) => m[1]!),
  ];
  return [...new Set(labels)];
}

/** A scraped page's metric families: `# TYPE` lines, and the label names their samples carry. */
function familiesOf(page: string): Map<string, { type: string; labels: Set<string> }> {
  const families = new Map<string, { type: string; labels: Set<string> }>();
  for (const line of page.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) families.set(type[1]!, { type: type[2]!, labels: new Set() });
  }
  for (const line of page.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!sample) continue;
    const family = familyOf(sample[1]!, families);
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
      family?.labels.add(m[1]!);
    }
  }
  return families;
}

/** The family of a series name: itself, or the histogram its `_bucket`/`_sum`/`_count` is of. */
function familyOf<F extends { type: string }>(name: string, families: Map<string, F>) {
  const exact = families.get(name);
  if (exact) return exact;
  const suffixed = /^(.*)_(?:bucket|sum|count)$/.exec(name);
  const base = suffixed ? families.get(suffixed[1]!) : undefined;
  return base?.type === 'histogram' ? base : undefined;
}

/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['instance', 'job'];

const credentials = { accessKeyId: 'AKDASHBOARDTEST', secretAccessKey: 'dashboard-secret-0123' };

describe('the Grafana dashboard and compose monitoring stack in docker/', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let client: S3Client;
  let page: string;
  let dashboard: { panels: Panel[]; templating: { list: { name: string; query: unknown }[] } };

  beforeAll(async () => {
    dashboard = JSON.parse(await readText('grafana/dashboards/strata.json'));
    dataDir = await mkdtemp(join(tmpdir(), 'strata-dashboard-'));
    gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: dataDir,
        credentials: [
          {
            access_key_id: credentials.accessKeyId,
            secret_access_key: credentials.secretAccessKey,
          },
        ],
        workers: { cleanup_interval: '100ms' },
        metrics: { listen: '127.0.0.1:0' },
        // The embedded backend, opted into the read cache so its panels have samples too.
        backends: [{ name: 'local', type: 'fs', path: join(dataDir, 'objects'), cache: true }],
        cache: { enabled: true, disk: '1MiB' },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    client = new S3Client({
      endpoint: gateway.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
    });
    // Traffic that gives every labelled family samples: requests, an error, backend calls, and
    // a deleted object whose blob the cleanup worker then removes (worker items).
    await client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await client.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'a', Body: 'x'.repeat(100) }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'a' }));
    await got.Body!.transformToByteArray();
    await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'missing' })).catch(() => {});
    await client.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'a' }));
    const deadline = Date.now() + 10_000;
    for (;;) {
      page = await (await fetch(`${gateway.metricsUrl!}/metrics`)).text();
      if (/^strata_worker_items_total\{/m.test(page) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    client?.destroy();
    await gateway?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const targets = () =>
    allPanels(dashboard.panels).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel, target })),
    );

  it('queries only metrics the gateway exposes, with labels they carry', () => {
    const families = familiesOf(page);
    expect(families.get('strata_http_requests_total')?.type).toBe('counter');
    expect(targets().length).toBeGreaterThan(20);
    const used = new Set<string>();
    for (const { panel, target } of targets()) {
      const where = `panel "${panel.title}": ${target.expr}`;
      expect(target.expr, where).toBeTruthy();
      const metrics = metricsOf(target.expr!);
      expect(metrics, where).not.toHaveLength(0);
      const known = new Set(TARGET_LABELS);
      for (const name of metrics) {
        const family = familyOf(name, families);
        expect(family, `${where}: ${name} is not exposed`).toBeDefined();
        for (const label of family!.labels) known.add(label);
        used.add(name);
      }
      for (const label of labelsOf(target.expr!, target.legendFormat)) {
        expect([...known], `${where}: label ${label}`).toContain(label);
      }
      expect(target.expr, `${where}: filters by $instance`).toContain('instance=~"$instance"');
    }
    for (const name of [
      'strata_http_request_duration_seconds_bucket',
      'strata_process_resident_memory_bytes',
      'strata_process_cpu_seconds_total',
      'strata_nodejs_eventloop_lag_seconds',
      'strata_backend_circuit_state',
      'strata_queue_jobs',
    ]) {
      expect([...used]).toContain(name);
    }
  });

  it('has an instance variable over an exposed metric, unique panel ids and one datasource', async () => {
    const families = familiesOf(page);
    const instance = dashboard.templating.list.find((v) => v.name === 'instance');
    const query = JSON.stringify(instance?.query);
    const variable = /label_values\((strata_[a-zA-Z0-9_]+), instance\)/.exec(query);
    expect(variable, query).not.toBeNull();
    expect(familyOf(variable![1]!, families)).toBeDefined();

    const panels = allPanels(dashboard.panels);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);

    const datasources = await readYaml<GrafanaDatasources>(
      'grafana/provisioning/datasources/prometheus.yaml',
    );
    const prometheus = datasources.datasources[0]!;
    expect(prometheus.type).toBe('prometheus');
    const uids = new Set(
      panels
        .filter((p) => p.type !== 'row')
        .flatMap((p) => [p.datasource?.uid, ...(p.targets ?? []).map((t) => t.datasource?.uid)]),
    );
    expect([...uids]).toEqual([prometheus.uid]);
  });

  it('wires compose, Prometheus and Grafana to the gateway metrics listener', async () => {
    const compose = await readYaml<Compose>('compose.yaml');
    const gw = compose.services.gateway!;
    const prometheus = compose.services.prometheus!;
    const grafana = compose.services.grafana!;

    // The gateway listens for metrics on the compose network only, and runs without a profile.
    const listen = gw.environment?.STRATA_METRICS_LISTEN ?? '';
    const port = /^0\.0\.0\.0:(\d+)$/.exec(listen)?.[1];
    expect(port, listen).toBeDefined();
    expect(gw.profiles).toBeUndefined();
    expect(JSON.stringify(gw.ports ?? [])).not.toContain(port);

    // Prometheus scrapes it there, every 15 s.
    const scrape = await readYaml<PrometheusConfig>('prometheus/prometheus.yml');
    expect(scrape.global.scrape_interval).toBe('15s');
    const job = scrape.scrape_configs.find((j) =>
      j.static_configs?.some((s) => s.targets.includes(`gateway:${port}`)),
    );
    expect(job, JSON.stringify(scrape.scrape_configs)).toBeDefined();
    expect(job!.metrics_path ?? '/metrics').toBe('/metrics');

    // Both pinned, both in the monitoring profile; Prometheus reads the file above, Grafana the
    // provisioning, whose dashboard provider reads where the dashboards are mounted.
    for (const service of [prometheus, grafana]) {
      expect(service.image).toMatch(/^(prom\/prometheus|grafana\/grafana):v?\d+\.\d+\.\d+$/);
      expect(service.profiles).toEqual(['monitoring']);
    }
    expect(prometheus.volumes).toContain(
      './prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const mounts = new Map<string, string>(
      (grafana.volumes ?? []).map((v) => [v.split(':')[1]!, v.split(':')[0]!]),
    );
    expect(mounts.get('/etc/grafana/provisioning')).toBe('./grafana/provisioning');
    const providers = await readYaml<GrafanaDashboardProviders>(
      'grafana/provisioning/dashboards/strata.yaml',
    );
    const dashboardsPath = providers.providers[0]!.options.path;
    expect(mounts.get(dashboardsPath)).toBe('./grafana/dashboards');
    const datasources = await readYaml<GrafanaDatasources>(
      'grafana/provisioning/datasources/prometheus.yaml',
    );
    expect(datasources.datasources[0]!.url).toBe('http://prometheus:9090');
    expect(grafana.ports).toContain('3000:3000');
  });
});
