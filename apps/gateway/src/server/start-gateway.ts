import { createHash } from 'node:crypto';
import { access, constants, mkdir, readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createFsBackend } from '@strata/backend-pool';
import { createObjectLayer } from '@strata/object-layer';
import {
  combineCrc,
  createAuthFailureLimiter,
  createChecksum,
  createSigV4Verifier,
} from '@strata/sigv4-verify';
import {
  createCleanupProcessor,
  createMultipartGc,
  createPendingWriteReaper,
  createWorkerGroup,
} from '@strata/workers';
import { createApp } from '../app.js';
import {
  resolveCredentials,
  type CredentialSource,
  type GatewayCredential,
} from '../config/credentials.js';
import type { StrataConfig } from '../config/schema.js';
import { InFlightTracker } from '../middleware/admission/index.js';
import { openMetastore } from './open-metastore.js';
import { parseListen } from './parse-listen.js';

/** Name of the embedded local-directory backend. */
export const LOCAL_BACKEND = 'local';

/** A running gateway. */
export interface RunningGateway extends AsyncDisposable {
  /** Base URL clients use, e.g. `http://127.0.0.1:9000`. */
  readonly url: string;
  readonly credentials: readonly GatewayCredential[];
  readonly credentialSource: CredentialSource;
  readonly logger: Logger;
  /**
   * Graceful stop: refuse new requests, let in-flight ones finish up to the configured deadline,
   * then close connections, workers, metastore and backends. Idempotent.
   */
  close(): Promise<void>;
}

/** Options for {@link startGateway}. */
export interface StartGatewayOptions {
  readonly logger?: Logger;
}

/**
 * Starts the gateway on the embedded default (SQLite metastore + local directory backend under
 * `data_dir`), serving HTTP or HTTPS on `listen`.
 */
export async function startGateway(
  config: StrataConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const logger = options.logger ?? pino({ level: config.log_level });
  const dataDir = resolve(config.data_dir);
  const { credentials, source } = await resolveCredentials({ ...config, data_dir: dataDir });
  const store = await openMetastore(config.metastore, dataDir);
  const backend = createFsBackend({ name: LOCAL_BACKEND, root: join(dataDir, 'objects') });
  await mkdir(backend.root, { recursive: true });
  // No write of this data dir is in flight at start: every temp file is a crashed write's.
  await backend.sweepTemp(0);
  // Backend uploads no row knows (a crash between the backend's create and the row's insert).
  await backend.sweepUploads(60 * 60_000, (id) =>
    store.uploads.hasBackendUpload(LOCAL_BACKEND, id),
  );
  const layer = createObjectLayer({
    store,
    backends: [backend],
    region: config.region,
    intentTtlMs: config.workers.intent_ttl,
    // One implementation of CRC32C/CRC64NVME and CRC combining, owned by sigv4-verify.
    checksums: { createChecksum, combineCrc },
  });
  const secrets = new Map(credentials.map((c) => [c.accessKeyId, c]));
  const verifier = createSigV4Verifier({
    region: config.region,
    lookup: (id) => secrets.get(id),
    sigV2: config.auth.sigv2,
  });
  const limiter = createAuthFailureLimiter({
    maxFailures: config.auth.failure_limit.max_failures,
    windowMs: config.auth.failure_limit.window,
    blockMs: config.auth.failure_limit.block,
  });
  const workers = createWorkerGroup([
    createPendingWriteReaper({ store, intervalMs: config.workers.reaper_interval, logger }),
    createCleanupProcessor({
      store,
      backends: new Map([[LOCAL_BACKEND, backend]]),
      intervalMs: config.workers.cleanup_interval,
      logger,
    }),
    createMultipartGc({
      store,
      maxAgeMs: config.workers.multipart_max_age,
      intervalMs: config.workers.multipart_gc_interval,
      logger,
    }),
  ]);
  if (config.workers.enabled) workers.start();

  const tracker = new InFlightTracker();
  const owner = createHash('sha256').update(`strata:tenant:default`).digest('hex');
  const app = createApp({
    layer,
    verifier,
    region: config.region,
    domain: config.domain,
    logger,
    tracker,
    maxXmlBody: config.max_xml_body,
    trustProxy: config.trust_proxy,
    limiter,
    ownerOf: () => owner,
    // Ready = the metastore answers and the local backend's directory is writable.
    ready: async () => {
      await store.ping();
      await access(backend.root, constants.W_OK);
      return true;
    },
  });

  const { host, port } = parseListen(config.listen);
  const tls = config.tls
    ? { key: await readFile(config.tls.key), cert: await readFile(config.tls.cert) }
    : undefined;
  const server = await listen(
    serve({
      fetch: app.fetch,
      hostname: host,
      port,
      ...(tls
        ? { createServer: createHttpsServer, serverOptions: tls }
        : { createServer: createHttpServer }),
    }) as Server,
  );
  // Uploads of many GiB take longer than Node's default 5-minute request timeout.
  server.requestTimeout = 0;
  // ...but a socket with no traffic either way for idle_timeout is dropped, so a stalled client
  // cannot hold a write (and its intent) open forever; the aborted body discards the blob.
  server.timeout = config.idle_timeout;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info({ inFlight: tracker.count }, 'draining');
      const stopped = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const drained = await tracker.drain(config.shutdown_timeout);
      if (!drained)
        logger.warn({ inFlight: tracker.count }, 'drain deadline passed; closing connections');
      server.closeAllConnections();
      await stopped;
      await workers.close();
      await store.close();
      await backend.close();
      logger.info('stopped');
    })());
  return {
    url,
    credentials,
    credentialSource: source,
    logger,
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function listen(server: Server): Promise<Server> {
  if (server.listening) return server;
  await new Promise<void>((resolvePromise, reject) => {
    server.once('listening', resolvePromise);
    server.once('error', reject);
  });
  return server;
}
