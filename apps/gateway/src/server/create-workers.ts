import type { Logger } from 'pino';
import type { BackendPool } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import {
  createCleanupProcessor,
  createDrainer,
  createMultipartGc,
  createPendingWriteReaper,
  createReplicator,
  createWorkerGroup,
  type JobRunObserver,
  type WorkerGroup,
} from '@strata/workers';
import type { StrataConfig } from '../config/schema.js';

/** The background jobs of one gateway, over its store, layer and backends (not started). */
export function createWorkers(
  config: StrataConfig,
  deps: {
    readonly store: MetaStore;
    readonly layer: ObjectLayer;
    readonly pool: BackendPool;
    readonly logger: Logger;
    /** Told of every finished worker run (metrics). */
    readonly onRun?: JobRunObserver | undefined;
  },
): WorkerGroup {
  const { store, layer, pool, logger, onRun } = deps;
  const w = config.workers;
  return createWorkerGroup([
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
  ]);
}
