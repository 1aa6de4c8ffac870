import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { BackendPool } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import {
  createCleanupProcessor,
  createDrainer,
  createLifecycleWorker,
  createMultipartGc,
  createNotifier,
  createPendingWriteReaper,
  createReplicator,
  createScrubber,
  createSurplusCleaner,
  createWorkerGroup,
  type JobRunObserver,
  type WebhookTarget,
  type WorkerGroup,
} from '@strata/workers';
import type { StrataConfig } from '../config/schema.js';

/**
 * An id for this process as a worker lease holder: unique per process (a restarted process on
 * the same host and pid is a new holder), and readable in `status()` and logs.
 */
export function createWorkerHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * What decides how many copies each bucket keeps and where: the default replication, the
 * placement, and each configured bucket's backends and replication. The surplus cleaner waits
 * until this (and the backends' states) has not changed for `workers.surplus_grace`.
 */
function replicationSettings(config: StrataConfig): string {
  return JSON.stringify({
    replication: config.replication,
    buckets: (config.buckets ?? []).map((b) => ({
      name: b.name,
      backends: b.backends,
      replication: b.replication,
    })),
  });
}

/**
 * The background jobs of one gateway, over its store, layer and backends (not started). Each job
 * runs periodically only on the gateway holding its lease in the shared metastore.
 */
export function createWorkers(
  config: StrataConfig,
  deps: {
    readonly store: MetaStore;
    readonly layer: ObjectLayer;
    readonly pool: BackendPool;
    readonly logger: Logger;
    /** Told of every finished worker run (metrics). */
    readonly onRun?: JobRunObserver | undefined;
    /** This process's lease holder id; {@link createWorkerHolderId} by default. */
    readonly holder?: string | undefined;
    /** The webhook targets of event notifications, by name (`resolveWebhookTargets`). */
    readonly webhooks?: ReadonlyMap<string, WebhookTarget> | undefined;
  },
): WorkerGroup {
  const { store, layer, pool, logger, onRun } = deps;
  const w = config.workers;
  return createWorkerGroup(
    [
      createPendingWriteReaper({ store, intervalMs: w.reaper_interval, logger, onRun }),
      createCleanupProcessor({
        store,
        backends: (name) => pool.get(name)?.backend,
        intervalMs: w.cleanup_interval,
        leaseMs: w.job_lease,
        logger,
        onRun,
      }),
      createMultipartGc({
        store,
        maxAgeMs: w.multipart_max_age,
        intervalMs: w.multipart_gc_interval,
        logger,
        onRun,
      }),
      createReplicator({
        store,
        layer,
        intervalMs: w.replication_interval,
        leaseMs: w.job_lease,
        logger,
        onRun,
      }),
      createDrainer({ store, layer, intervalMs: w.drain_interval, logger, onRun }),
      createLifecycleWorker({
        store,
        layer,
        dayLengthMs: w.lifecycle_day_length,
        maxKeysPerRun: w.lifecycle_max_keys,
        logger,
        onRun,
      }),
      createScrubber({
        store,
        layer,
        bytesPerSecond: w.scrub_rate,
        passIntervalMs: w.scrub_pass_interval,
        logger,
        onRun,
      }),
      createSurplusCleaner({
        store,
        layer,
        graceMs: w.surplus_grace,
        intervalMs: w.surplus_interval,
        settings: replicationSettings(config),
        logger,
        onRun,
      }),
      createNotifier({
        store,
        targets: (name) => deps.webhooks?.get(name),
        intervalMs: config.notifications.interval,
        maxAttempts: config.notifications.max_attempts,
        leaseMs: w.job_lease,
        logger,
        onRun,
      }),
    ],
    {
      // All of them, even the reaper and cleanup processor that could safely run everywhere
      // (their claims skip locked rows): once is enough, and it spares the metastore.
      lease: {
        leases: store.leases,
        holder: deps.holder ?? createWorkerHolderId(),
        ttlMs: w.lease_ttl,
        logger,
      },
    },
  );
}
