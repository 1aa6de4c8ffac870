import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';

const credentials = { accessKeyId: 'AKMETRICSTEST', secretAccessKey: 'metrics-secret-0123' };
const TOKEN = 'metrics-token-0123456789';

/** The value of one sample line (`name{labels} value`) in a Prometheus text page. */
function sample(page: string, series: string): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus metrics of a running gateway', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let client: S3Client;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'strata-metrics-'));
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
        metrics: { listen: '127.0.0.1:0', token: TOKEN },
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
    await client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await client.send(
      new PutObjectCommand({ Bucket: 'bkt', Key: 'a', Body: Buffer.alloc(5000, 1) }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'a' }));
    await got.Body!.transformToByteArray();
    await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'missing' })).catch(() => {});
  });
  afterAll(async () => {
    client?.destroy();
    await gateway?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const scrape = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers });
    return { status: res.status, type: res.headers.get('content-type'), page: await res.text() };
  };

  it('counts requests, errors, bytes, backend calls and queues, on the separate listener', async () => {
    const { status, type, page } = await scrape(`${gateway.metricsUrl!}/metrics`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(page, 'strata_http_requests_total{operation="PutObject",status="200"}')).toBe(1);
    expect(sample(page, 'strata_http_requests_total{operation="GetObject",status="200"}')).toBe(1);
    expect(sample(page, 'strata_http_requests_total{operation="GetObject",status="404"}')).toBe(1);
    expect(sample(page, 'strata_http_errors_total{operation="GetObject",code="NoSuchKey"}')).toBe(
      1,
    );
    expect(sample(page, 'strata_http_request_bytes_total{operation="PutObject"}')).toBe(5000);
    expect(
      sample(page, 'strata_http_response_bytes_total{operation="GetObject"}'),
    ).toBeGreaterThanOrEqual(5000);
    expect(sample(page, 'strata_http_request_duration_seconds_count{operation="PutObject"}')).toBe(
      1,
    );
    expect(
      sample(page, 'strata_backend_calls_total{backend="local",call="put",outcome="ok"}'),
    ).toBe(1);
    expect(
      sample(page, 'strata_backend_calls_total{backend="local",call="get",outcome="ok"}'),
    ).toBe(1);
    expect(sample(page, 'strata_queue_jobs{queue="cleanup",state="pending"}')).toBe(0);
    expect(sample(page, 'strata_queue_jobs{queue="replication",state="dead"}')).toBe(0);
    expect(sample(page, 'strata_metastore_up')).toBe(1);
    expect(sample(page, 'strata_backend_used_bytes{backend="local"}')).toBe(5000);
    expect(sample(page, 'strata_backend_state{backend="local",state="active"}')).toBe(1);
    expect(sample(page, 'strata_backend_circuit_state{backend="local",state="closed"}')).toBe(1);
    expect(page).toMatch(
      /^strata_worker_runs_total\{worker="cleanup-processor",outcome="ok"\} \d+/m,
    );
    expect(page).toMatch(/^strata_process_cpu_user_seconds_total \d/m);
    expect(sample(page, 'strata_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('serves the same page on the main listener to the bearer of the token only', async () => {
    const ok = await scrape(`${gateway.url}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.page).toContain('strata_http_requests_total');
    const wrong = await scrape(`${gateway.url}/metrics`, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.page).not.toContain('strata_');
    // No bearer: an anonymous S3 request for a bucket named `metrics`, which does not exist.
    const anonymous = await scrape(`${gateway.url}/metrics`);
    expect(anonymous.status).toBe(404);
    expect(anonymous.page).toContain('<Code>NoSuchBucket</Code>');
    expect(anonymous.page).not.toContain('strata_');
  });

  it('answers 404 for anything but GET /metrics on the metrics listener', async () => {
    expect((await scrape(`${gateway.metricsUrl!}/other`)).status).toBe(404);
  });
});
