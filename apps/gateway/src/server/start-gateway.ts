import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createObjectLayer } from '@strata/object-layer';
import { createAuthFailureLimiter, createSigV4Verifier } from '@strata/sigv4-verify';
import { createAdminApp } from '../admin/create-admin-app.js';
import { createApp } from '../app.js';
import { deferContinue } from '../http/expect-continue.js';
import { openAuditLog } from '../audit/open-audit-log.js';
import {
  resolveCredentials,
  type CredentialSource,
  type GatewayCredential,
} from '../config/credentials.js';
import type { StrataConfig } from '../config/schema.js';
import { resolveKeyring } from '../config/resolve-keyring.js';
import { ANONYMOUS_SCOPE, createAccessControl } from '../auth/access-control.js';
import { scopeOfKey } from './scope-of-key.js';
import { DEFAULT_TENANT, ownerIdOf, resolveAccessKeys } from '../config/access-keys.js';
import { bucketPolicies, ensureBuckets } from './configure-buckets.js';
import { createWorkerHolderId, createWorkers } from './create-workers.js';
import { isWritable } from './is-writable.js';
import { LOCAL_BACKEND, openBackends } from './open-backends.js';
import { InFlightTracker } from '../middleware/admission/index.js';
import { admissionLimitsConfig, createAdmissionLimits } from '../limits/admission-limits.js';
import { connectSharedStore } from '../limits/shared-store.js';
import { createAccessInvalidation } from './access-invalidation.js';
import { openMetastore } from './open-metastore.js';
import { parseListen } from './parse-listen.js';
import { serveAdmin } from './serve-admin.js';
import { createBackendStates } from '../admin/backend-states.js';
import { openGatewayReadCache } from './open-read-cache.js';
import { serveMetrics } from './serve-metrics.js';
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { backendCallSpans, metastoreCallSpans } from '../tracing/call-spans.js';
import { startTracing } from '../tracing/start-tracing.js';
import { resolveWebhookTargets } from '../config/webhook-targets.js';
import { targetOfArn } from '../config/notifications-schema.js';
import { ManagedKeys } from './managed-keys.js';
import { resolveKeysMasterKey, tenantAccounts } from './managed-keys-config.js';

/** A running gateway. */
export interface RunningGateway extends AsyncDisposable {
  /** Base URL clients use, e.g. `http://127.0.0.1:9000`. */
  readonly url: string;
  readonly credentials: readonly GatewayCredential[];
  readonly credentialSource: CredentialSource;
  readonly logger: Logger;
  /** Base URL of the separate metrics listener (`metrics.listen`), when configured. */
  readonly metricsUrl: string | undefined;
  /**
   * Base URL the admin API (`/admin/v1/…`) is served on: `admin.listen`'s, or the main listener's
   * with `admin.tokens` (or `admin.read_only_tokens`) alone; undefined when the admin API is off.
   */
  readonly adminUrl: string | undefined;
  /** This process's id: its worker lease holder id, reported by the admin API. */
  readonly instanceId: string;
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
 * Starts the gateway, serving HTTP or HTTPS on `listen`: the configured metastore and backends
 * (by default SQLite and one local directory under `data_dir`), the configured buckets, and the
 * background workers.
 */
export async function startGateway(
  config: StrataConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const startedAt = Date.now();
  const instanceId = createWorkerHolderId();
  const logger = options.logger ?? pino({ level: config.log_level });
  const dataDir = resolve(config.data_dir);
  const { credentials, source } = await resolveCredentials({ ...config, data_dir: dataDir });
  const keys = await resolveAccessKeys(config, credentials);
  // Before anything is opened: a key file that cannot be read stops the start right away.
  const keyring = await resolveKeyring(config.encryption);
  const webhooks = await resolveWebhookTargets(config.notifications);
  const keysMasterKey = await resolveKeysMasterKey(config.admin);
  logEncryption(logger, config, keyring?.keyIds);
  // Holds no connection or handle once open: nothing to undo when a later step fails.
  const readCache = await openGatewayReadCache(config, dataDir, logger);
  // Off unless an endpoint is set: then no span middleware and no call hooks, nothing per request.
  const tracing =
    config.tracing.otlp_endpoint === undefined
      ? undefined
      : startTracing({
          endpoint: config.tracing.otlp_endpoint,
          serviceName: config.tracing.service_name,
          sampleRatio: config.tracing.sample_ratio,
          logger,
        });
  const tracer = tracing?.tracer;
  const store = await openMetastore(
    config.metastore,
    dataDir,
    tracer && metastoreCallSpans(tracer),
    keysMasterKey,
  );
  // Created before the pool it reads (its calls feed it): the pool is handed over once open.
  const metricsOn = config.metrics.listen !== undefined || config.metrics.token !== undefined;
  let metrics: GatewayMetrics | undefined;
  const { pool, directories } = await openBackends(config, dataDir, store.backendUsage, logger, {
    onCall: metricsOn ? (event) => metrics?.backendCall(event) : undefined,
    onCallStart: tracer && backendCallSpans(tracer),
  });
  if (metricsOn) metrics = createGatewayMetrics({ store, pool, readCache });
  // States an operator set at runtime, before anything places a write or starts a drain.
  const backendStates = createBackendStates({
    store,
    pool,
    logger,
    refreshMs: config.backend_state_refresh,
  });
  await backendStates.refresh();
  for (const fs of directories) {
    // No write of this data dir is in flight at start: every temp file is a crashed write's.
    await fs.sweepTemp(0);
    // Backend uploads no row knows (a crash between the backend's create and the row's insert).
    await fs.sweepUploads(60 * 60_000, (id) => store.uploads.hasBackendUpload(fs.name, id));
    // A directory of an earlier layout is moved behind the requests (they find blobs meanwhile).
    fs.migrated().then(
      (moved) => {
        if (moved > 0) logger.info({ backend: fs.name, moved }, 'fs backend moved to layout 2');
      },
      (err: unknown) =>
        logger.error(
          { err, backend: fs.name },
          'fs backend layout move stopped; next start resumes',
        ),
    );
  }
  const { policyOf, defaultPolicy } = bucketPolicies(config);
  const layer = createObjectLayer({
    store,
    pool,
    bucketPolicy: policyOf,
    defaultPolicy,
    region: config.region,
    intentTtlMs: config.workers.intent_ttl,
    usageRefreshMs: config.quota_refresh,
    metastoreRetryMs: config.metastore_retry,
    keyring,
    readCache,
    encryptionChunkSize: config.encryption.chunk_size,
    // A read found a copy's blob gone (another copy served it): data lost on that backend.
    onMissingCopy: (event) => logger.error(event, 'blob missing on backend; copy re-replicated'),
  });
  await ensureBuckets(layer, config, logger);
  const tenants = tenantAccounts(config);
  // Filled once Redis is connected (below): managed key changes are announced there.
  const announce: { key?: ((accessKeyId: string) => void) | undefined } = {};
  const managedKeys =
    keysMasterKey === undefined
      ? undefined
      : new ManagedKeys({
          store,
          tenants,
          configured: new Set(keys.keys()),
          ttlMs: config.admin.keys_refresh,
          onChange: (accessKeyId) => announce.key?.(accessKeyId),
          onError: (err, accessKeyId) =>
            logger.error({ err, accessKeyId }, 'could not read a managed access key'),
        });
  const verifier = createSigV4Verifier({
    region: config.region,
    // A configured key wins; any other id may be a key managed through the admin API.
    lookup: (id) => keys.get(id) ?? managedKeys?.lookup(id),
    sigV2: config.auth.sigv2,
  });
  const limiter = createAuthFailureLimiter({
    maxFailures: config.auth.failure_limit.max_failures,
    windowMs: config.auth.failure_limit.window,
    blockMs: config.auth.failure_limit.block,
  });
  const workers = createWorkers(config, {
    store,
    layer,
    pool,
    logger,
    onRun: metrics && ((event) => metrics?.workerRun(event)),
    holder: instanceId,
    webhooks,
  });
  if (config.workers.enabled) workers.start();

  const audit =
    config.audit.output === undefined
      ? undefined
      : openAuditLog({
          output: config.audit.output === 'stdout' ? 'stdout' : resolve(config.audit.output),
          maxSize: config.audit.max_size,
          maxFiles: config.audit.max_files,
          onError: (err) => logger.error({ err }, 'could not write the audit log'),
        });
  const tracker = new InFlightTracker();
  // Request rates are counted in Redis when one is configured (in memory while it is down).
  const shared = config.redis ? await connectSharedStore(config.redis, logger) : undefined;
  const limits = createAdmissionLimits(admissionLimitsConfig(config.limits, shared));
  const invalidation = shared && createAccessInvalidation(shared, logger);
  announce.key = invalidation && ((accessKeyId) => invalidation.announceKey(accessKeyId));
  const scopes = new Map([...keys.values()].map((key) => [key.accessKeyId, scopeOfKey(key)]));
  const access = createAccessControl({
    // The verifier accepts configured keys, and managed ones it has just looked up (cached with
    // their scope): every id it passes on has a scope.
    scopeOf: (id) => scopes.get(id) ?? managedKeys?.scopeOf(id) ?? ANONYMOUS_SCOPE,
    lookupBucket: (bucket) => store.buckets.get(bucket),
    announce: invalidation && ((bucket) => invalidation.announce(bucket)),
    accounts: new Map([...tenants].map(([tenant, account]) => [ownerIdOf(tenant), account])),
    onInvalidPolicy: (bucket, err) =>
      logger.error({ err, bucket }, 'stored bucket policy does not parse; it grants nothing'),
    // Managed keys may be any tenant's, or a bucket's.
    singleTenant:
      managedKeys === undefined &&
      [...keys.values()].every((k) => k.tenant === DEFAULT_TENANT && !k.buckets),
    knownOwners: new Map(
      (config.buckets ?? []).map((b) => [b.name, ownerIdOf(b.tenant ?? DEFAULT_TENANT)]),
    ),
  });
  invalidation?.attach(access);
  if (managedKeys !== undefined) invalidation?.attachKeys(managedKeys);
  const { tokens, read_only_tokens: readOnly } = config.admin;
  const admin =
    tokens === undefined && readOnly === undefined
      ? undefined
      : createAdminApp({
          tokens: { full: tokens ?? [], readOnly },
          instanceId,
          startedAt,
          store,
          pool,
          backendStates,
          backendTypes: new Map(
            (config.backends ?? [{ name: LOCAL_BACKEND, type: 'fs' }]).map((b) => [b.name, b.type]),
          ),
          workers,
          workersEnabled: config.workers.enabled,
          managedKeys,
          logError: (err, message) => logger.error({ err }, message),
        });
  const app = createApp({
    layer,
    verifier,
    region: config.region,
    domain: config.domain,
    logger,
    tracker,
    lifecycleDayMs: config.workers.lifecycle_day_length,
    maxXmlBody: config.max_xml_body,
    bodyPace: {
      windowMs: config.timeouts.body_window,
      minBytesPerSecond: config.timeouts.body_min_rate,
    },
    trustProxy: config.trust_proxy,
    limiter,
    limits,
    access,
    metrics,
    metricsToken: config.metrics.token,
    admin: config.admin.listen === undefined ? admin : undefined,
    tracer,
    audit,
    allowCustomerKeysOverHttp: config.encryption.allow_customer_keys_over_http,
    notificationTarget: (arn) => targetOfArn(config.notifications, config.region, arn),
    // Ready = the metastore answers and some backend takes writes (its directory is writable).
    ready: async () => {
      await store.ping();
      return isWritable(pool, directories);
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
      // Node checks headersTimeout/requestTimeout only every connectionsCheckingInterval
      // (30 s by default): check often enough for the configured header timeout to hold.
      serverOptions: {
        ...tls,
        connectionsCheckingInterval: Math.max(250, Math.min(30_000, config.timeouts.headers / 4)),
      },
      createServer: tls ? createHttpsServer : createHttpServer,
    }) as Server,
  );
  // `100 Continue` only once a handler wants the body, so that a request refused by authentication
  // or authorization gets its 4xx before the client sends the body.
  deferContinue(server);
  // Uploads of many GiB take longer than Node's default 5-minute request timeout: a slow body is
  // caught by the body pace check instead (timeouts.body_window / body_min_rate).
  server.requestTimeout = 0;
  // ...but a socket with no traffic either way for idle_timeout is dropped, so a stalled client
  // cannot hold a write (and its intent) open forever; the aborted body discards the blob.
  server.timeout = config.idle_timeout;
  server.headersTimeout = config.timeouts.headers;
  server.keepAliveTimeout = config.timeouts.keep_alive;
  const metricsServer =
    metrics && config.metrics.listen !== undefined
      ? await serveMetrics(metrics.registry, config.metrics.listen)
      : undefined;
  const adminServer =
    admin && config.admin.listen !== undefined
      ? await serveAdmin(admin, config.admin.listen)
      : undefined;
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
      await metricsServer?.close();
      await adminServer?.close();
      await audit?.close();
      await workers.close();
      await backendStates.close();
      await pool.close();
      await readCache?.close();
      await store.close();
      // Last: the spans of the requests drained above are exported before the process exits.
      await tracing?.shutdown();
      await invalidation?.close();
      await shared?.close();
      logger.info('stopped');
    })());
  return {
    url,
    credentials,
    credentialSource: source,
    logger,
    metricsUrl: metricsServer?.url,
    adminUrl: admin && (adminServer?.url ?? url),
    instanceId,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Which master keys were loaded (ids only, never key bytes), and an SSE-C-over-HTTP warning. */
function logEncryption(
  logger: Logger,
  config: StrataConfig,
  keyIds: readonly string[] | undefined,
): void {
  if (keyIds !== undefined) {
    logger.info(
      { keys: keyIds, current: config.encryption.current },
      'encryption at rest: master keys loaded',
    );
  }
  if (config.encryption.allow_customer_keys_over_http) {
    logger.warn(
      'encryption.allow_customer_keys_over_http is on: SSE-C keys are accepted over plain HTTP (for loopback tests only)',
    );
  }
}

async function listen(server: Server): Promise<Server> {
  if (server.listening) return server;
  await new Promise<void>((resolvePromise, reject) => {
    server.once('listening', resolvePromise);
    server.once('error', reject);
  });
  return server;
}
