import { serializeGatewayConfig } from '../backends/gateway-config.js';
import { freePort } from '../internal/net.js';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import { S3HttpClient } from '../s3-http-client.js';
import { startStrata } from '../targets/start-strata.js';
import type { RunningTarget } from '../targets/target.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { scrapeMetrics, sumMetric } from './prom-metrics.js';

/** The bucket on the backend server that holds the gateway's blobs. */
export const BLOB_BUCKET = 'cache-gw-blobs';
/** The bucket on the backend server that the direct path reads. */
export const DIRECT_BUCKET = 'cache-direct';
/** The gateway's bucket. */
export const GATEWAY_BUCKET = 'parquet';

/** The read-cache settings of the gateway when its cache is on. */
export type CacheSettings = {
  readonly blockSize: number;
  readonly memory: number;
};

/** Whether the gateway's read cache is on (`cache.enabled`). */
export type CacheMode = 'off' | 'on';

/** Counters read on both servers, to take differences around one measurement. */
export type RigCounters = {
  /** GetObject requests the backend server answered (any status). */
  readonly backendGets: number;
  /** Every S3 request the backend server answered. */
  readonly backendRequests: number;
  /** Body bytes of the backend server's GetObject answers (declared lengths). */
  readonly backendGetBytes: number;
  /** The gateway's own count of its backend GETs (`strata_backend_calls_total{call="get"}`). */
  readonly gatewayBackendGets: number;
  readonly cacheHits: number;
  readonly cacheMisses: number;
  /** Bytes the cache's memory tier holds: a gauge, its difference means nothing. */
  readonly cacheMemoryBytes: number;
};

/**
 * The backend S3 server (a Strata on a local directory, with metrics on a listener of its own),
 * the latency proxy in front of it, and one gateway home (metastore + config) that the gateway
 * is restarted in, cache off or on. Restarting rather than running two gateways keeps one
 * metastore and one upload, and empties the memory tier: a cold cache.
 */
export type CacheRig = {
  readonly backend: RunningTarget;
  readonly proxy: LatencyProxy;
  /** The running gateway; throws when none is. */
  gateway(): RunningTarget;
  /** Which mode the running gateway is in, if one is running. */
  mode(): CacheMode | undefined;
  /** Stops the gateway (if running) and starts it again in `mode`, in the same home. */
  restart(mode: CacheMode): Promise<RunningTarget>;
  /** Both servers' counters now. */
  counters(): Promise<RigCounters>;
  close(): Promise<void>;
};

/** Options of {@link startCacheRig}. */
export type StartCacheRigOptions = {
  readonly latencyMs: number;
  readonly cache: CacheSettings;
  /** `--profile`: write the gateway's CPU profiles here. */
  readonly cpuProfileDir?: string;
};

/**
 * Starts the backend, the proxy and the gateway (cache off), and creates the buckets. Whatever
 * started is stopped again when a later step throws.
 */
export async function startCacheRig(options: StartCacheRigOptions): Promise<CacheRig> {
  const backendListen = `127.0.0.1:${await freePort()}`;
  const gatewayListen = `127.0.0.1:${await freePort()}`;
  const backend = await startStrata({
    label: 'cache-backend',
    config: `metrics:\n  listen: ${JSON.stringify(backendListen)}\n`,
  });
  let proxy: LatencyProxy | undefined;
  let home: string | undefined;
  let gateway: RunningTarget | undefined;
  let mode: CacheMode | undefined;
  const close = async (): Promise<void> => {
    await gateway?.close();
    gateway = undefined;
    await proxy?.close();
    await backend.close();
    if (home !== undefined) await removeTempDir(home);
  };
  const restart = async (next: CacheMode): Promise<RunningTarget> => {
    if (proxy === undefined || home === undefined) throw new Error('the rig is not started');
    await gateway?.close();
    gateway = undefined;
    const config = [
      serializeGatewayConfig('remote', { ...backend, endpoint: proxy.endpoint }, BLOB_BUCKET),
      'cache:',
      `  enabled: ${next === 'on'}`,
      `  block_size: ${options.cache.blockSize}`,
      `  memory: ${options.cache.memory}`,
      '  disk: 0',
      'metrics:',
      `  listen: ${JSON.stringify(gatewayListen)}`,
      '',
    ].join('\n');
    gateway = await startStrata({
      config,
      home,
      label: 'cache-gateway',
      ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: options.cpuProfileDir }),
    });
    mode = next;
    return gateway;
  };
  try {
    await withClient(backend, async (c) => {
      await c.createBucket(BLOB_BUCKET);
      await c.createBucket(DIRECT_BUCKET);
    });
    proxy = await startLatencyProxy(Number(new URL(backend.endpoint).port), options.latencyMs);
    home = await makeTempDir('cache-gateway');
    await withClient(await restart('off'), (c) => c.createBucket(GATEWAY_BUCKET));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    backend,
    proxy,
    gateway() {
      if (gateway === undefined) throw new Error('the gateway is not running');
      return gateway;
    },
    mode: () => mode,
    restart,
    async counters() {
      const [b, g] = await Promise.all([
        scrapeMetrics(backendListen),
        gateway === undefined ? Promise.resolve([]) : scrapeMetrics(gatewayListen),
      ]);
      return {
        backendGets: sumMetric(b, 'strata_http_requests_total', { operation: 'GetObject' }),
        backendRequests: sumMetric(b, 'strata_http_requests_total'),
        backendGetBytes: sumMetric(b, 'strata_http_response_bytes_total', {
          operation: 'GetObject',
        }),
        gatewayBackendGets: sumMetric(g, 'strata_backend_calls_total', { call: 'get' }),
        cacheHits: sumMetric(g, 'strata_cache_blocks_total', { result: 'hit' }),
        cacheMisses: sumMetric(g, 'strata_cache_blocks_total', { result: 'miss' }),
        cacheMemoryBytes: sumMetric(g, 'strata_cache_size_bytes', { tier: 'memory' }),
      };
    },
    close,
  };
}

/** Runs `fn` with a small client of `target`, closed afterwards. */
export async function withClient<T>(
  target: Pick<RunningTarget, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>,
  fn: (c: S3HttpClient) => Promise<T>,
): Promise<T> {
  const client = new S3HttpClient({ ...target, connections: 4 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
