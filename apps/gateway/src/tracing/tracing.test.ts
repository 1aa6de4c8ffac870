import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { startGateway } from '../server/start-gateway.js';

const credentials = { accessKeyId: 'AKTRACINGTEST', secretAccessKey: 'tracing-secret-0123' };

/** One span as the OTLP/HTTP JSON encoding carries it (the fields this test reads). */
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes?: readonly { key: string; value: Record<string, unknown> }[];
  readonly status?: { code?: number };
}

interface OtlpRequest {
  readonly resourceSpans: readonly {
    readonly resource?: { attributes?: OtlpSpan['attributes'] };
    readonly scopeSpans: readonly { spans: readonly OtlpSpan[] }[];
  }[];
}

/** An attribute's value, whatever its OTLP kind (`intValue` may come as a string). */
function attr(span: OtlpSpan, key: string): unknown {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value === undefined ? undefined : Object.values(value)[0];
}

/** A minimal OTLP/HTTP collector: keeps every JSON export request POSTed to /v1/traces. */
async function startReceiver(): Promise<{ server: Server; url: string; received: OtlpRequest[] }> {
  const received: OtlpRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      received.push(JSON.parse(body.toString('utf8')) as OtlpRequest);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/v1/traces`, received };
}

describe('OpenTelemetry traces of a running gateway', () => {
  const incomingTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  let dataDir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const logLines: Record<string, unknown>[] = [];
  const spans: OtlpSpan[] = [];
  let resourceAttributes: OtlpSpan['attributes'] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'strata-tracing-'));
    receiver = await startReceiver();
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: dataDir,
        credentials: [
          {
            access_key_id: credentials.accessKeyId,
            secret_access_key: credentials.secretAccessKey,
          },
        ],
        tracing: { otlp_endpoint: receiver.url, service_name: 'strata-test' },
      }),
      { logger },
    );
    const client = new S3Client({
      endpoint: gateway.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
    });
    try {
      await client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      await client.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'a.txt', Body: 'hello' }));
      const got = await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'a.txt' }));
      expect(await got.Body!.transformToString()).toBe('hello');
      // A caller that is itself traced: its W3C traceparent header is continued.
      const head = new HeadObjectCommand({ Bucket: 'bkt', Key: 'a.txt' });
      head.middlewareStack.add(
        (next) => (args) => {
          (args.request as { headers: Record<string, string> }).headers.traceparent =
            `00-${incomingTraceId}-00f067aa0ba902b7-01`;
          return next(args);
        },
        { step: 'build' },
      );
      await client.send(head);
    } finally {
      client.destroy();
      // close() must flush the batched spans: nothing is exported before it (5 s batches).
      await gateway.close();
    }
    for (const request of receiver.received) {
      for (const resource of request.resourceSpans) {
        resourceAttributes = resource.resource?.attributes ?? [];
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
    }
  });
  afterAll(async () => {
    await new Promise<void>((done) => receiver?.server.close(() => done()));
    await rm(dataDir, { recursive: true, force: true });
  });

  const named = (name: string) => spans.filter((s) => s.name === name);

  it('exports a server span per S3 request, with its attributes, as service `strata-test`', () => {
    expect(resourceAttributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'strata-test' },
    });
    const [put] = named('S3 PutObject');
    expect(put).toBeDefined();
    expect(put!.parentSpanId || undefined).toBeUndefined();
    expect(Number(attr(put!, 'http.response.status_code'))).toBe(200);
    expect(attr(put!, 'http.request.method')).toBe('PUT');
    expect(attr(put!, 'url.path')).toBe('/bkt/a.txt');
    expect(attr(put!, 'aws.s3.bucket')).toBe('bkt');
    expect(attr(put!, 'aws.s3.key')).toBe('a.txt');
    expect(attr(put!, 'strata.request_id')).toMatch(/^[0-9A-F]{16}$/);
    expect(named('S3 CreateBucket')).toHaveLength(1);
    expect(named('S3 GetObject')).toHaveLength(1);
  });

  it('parents backend and metastore spans on the request span, in one trace', () => {
    const put = named('S3 PutObject')[0]!;
    const children = spans.filter((s) => s.parentSpanId === put.spanId);
    const backendPut = children.find((s) => s.name === 'backend put');
    expect(backendPut).toBeDefined();
    expect(backendPut!.traceId).toBe(put.traceId);
    expect(attr(backendPut!, 'strata.backend.name')).toBe('local');
    expect(attr(backendPut!, 'strata.backend.call')).toBe('put');
    // The blob name (derived from the key) is not in any backend span.
    expect(JSON.stringify(backendPut)).not.toContain('a.txt');
    const metastore = children.filter((s) => s.name.startsWith('metastore '));
    expect(metastore.length).toBeGreaterThan(0);
    expect(metastore.every((s) => s.traceId === put.traceId)).toBe(true);

    const get = named('S3 GetObject')[0]!;
    const getChildren = spans.filter((s) => s.parentSpanId === get.spanId).map((s) => s.name);
    expect(getChildren).toContain('backend get');
    expect(getChildren).toContain('metastore objects.get');
  });

  it('continues the trace of an incoming traceparent header', () => {
    const [head] = named('S3 HeadObject');
    expect(head).toBeDefined();
    expect(head!.traceId).toBe(incomingTraceId);
    expect(head!.parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('puts the trace id in the access log lines', () => {
    const put = named('S3 PutObject')[0]!;
    const line = logLines.find(
      (l) => l.msg === 'request' && l.method === 'PUT' && l.path === '/bkt/a.txt',
    );
    expect(line?.traceId).toBe(put.traceId);
    const headLine = logLines.find((l) => l.msg === 'request' && l.method === 'HEAD');
    expect(headLine?.traceId).toBe(incomingTraceId);
  });
});

describe('a gateway without tracing.otlp_endpoint', () => {
  it('adds no trace id to its log lines', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'strata-tracing-off-'));
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    try {
      await using gateway = await startGateway(
        validateConfig({ listen: '127.0.0.1:0', data_dir: dataDir }),
        { logger },
      );
      // Anonymous, of a bucket that does not exist: answered 404, still one access log line.
      expect((await fetch(`${gateway.url}/bkt`)).status).toBe(404);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    const request = lines.find((l) => l.msg === 'request');
    expect(request).toBeDefined();
    expect(request).not.toHaveProperty('traceId');
  });
});
