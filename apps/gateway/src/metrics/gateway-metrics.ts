import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BACKEND_STATES, type BackendCallEvent, type BackendPool } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import type { ReadCache } from '@strata/object-layer';
import type { JobRunEvent } from '@strata/workers';
import { registerCacheMetrics } from './cache-metrics.js';
import { createSnapshotReader } from './metastore-snapshot.js';

/** One finished S3 request, as the `metrics()` middleware reports it. */
export interface RequestEvent {
  /** The S3 operation (`PutObject` …), or `unknown` when the request failed before routing. */
  readonly operation: string;
  readonly status: number;
  /** The S3 error code of a failed request. */
  readonly code: string | undefined;
  readonly durationMs: number;
  /** Declared request body bytes (decoded length for aws-chunked bodies). */
  readonly bytesIn: number;
  /** Declared response body bytes. */
  readonly bytesOut: number;
}

/** What the gateway's metrics read when scraped: the metastore's queues and the pool. */
export interface GatewayMetricsSources {
  readonly store: MetaStore;
  readonly pool: BackendPool;
  /** The read cache, when one is open: its counters are read at scrape time. */
  readonly readCache?: ReadCache | undefined;
}

/** The gateway's Prometheus metrics, and the hooks that feed them. */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** A finished S3 request. */
  request(event: RequestEvent): void;
  /** A settled backend call (`BackendPoolConfig.onCall`). */
  backendCall(event: BackendCallEvent): void;
  /** A finished worker run (`JobOptions.onRun`). */
  workerRun(event: JobRunEvent): void;
}

/** How long one scrape-time metastore read serves the gauges it feeds. */
const SNAPSHOT_MAX_AGE_MS = 1_000;

const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/**
 * Creates the `strata_*` metrics on a registry of their own (two gateways in one process, as in
 * tests, do not collide). Request, backend-call and worker-run metrics are pushed by hooks; queue
 * depths, backend usage, states and breakers are read at scrape time (a failed metastore read
 * leaves those gauges at their last values and sets `strata_metastore_up` to 0, so a scrape never
 * fails because the metastore is down). Node's process metrics come from prom-client's defaults,
 * with the `strata_` prefix.
 */
export function createGatewayMetrics(sources: GatewayMetricsSources): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'strata_' });
  const registers = [registry];

  const requests = new Counter({
    name: 'strata_http_requests_total',
    help: 'S3 requests by operation and HTTP status.',
    labelNames: ['operation', 'status'],
    registers,
  });
  const errors = new Counter({
    name: 'strata_http_errors_total',
    help: 'Failed S3 requests by operation and S3 error code (SlowDown: admission limits; SignatureDoesNotMatch, InvalidAccessKeyId, AccessDenied: authentication and authorization).',
    labelNames: ['operation', 'code'],
    registers,
  });
  const duration = new Histogram({
    name: 'strata_http_request_duration_seconds',
    help: 'S3 request latency by operation, until the response ended.',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const bytesIn = new Counter({
    name: 'strata_http_request_bytes_total',
    help: 'Declared request body bytes by operation.',
    labelNames: ['operation'],
    registers,
  });
  const bytesOut = new Counter({
    name: 'strata_http_response_bytes_total',
    help: 'Declared response body bytes by operation.',
    labelNames: ['operation'],
    registers,
  });
  const backendCalls = new Counter({
    name: 'strata_backend_calls_total',
    help: 'Backend calls by backend, call and outcome (ok or error).',
    labelNames: ['backend', 'call', 'outcome'],
    registers,
  });
  const backendDuration = new Histogram({
    name: 'strata_backend_call_duration_seconds',
    help: 'Backend call latency (get: time to first byte; list: until the listing ended).',
    labelNames: ['backend', 'call'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const workerRuns = new Counter({
    name: 'strata_worker_runs_total',
    help: 'Periodic worker runs by worker and outcome (ok or error).',
    labelNames: ['worker', 'outcome'],
    registers,
  });
  const workerDuration = new Histogram({
    name: 'strata_worker_run_duration_seconds',
    help: 'Periodic worker run duration by worker.',
    labelNames: ['worker'],
    buckets: [0.01, 0.1, 1, 10, 60, 600],
    registers,
  });
  const workerItems = new Counter({
    name: 'strata_worker_items_total',
    help: 'What worker runs did, by worker and count name (claimed, deleted, copied, …).',
    labelNames: ['worker', 'item'],
    registers,
  });

  const { store, pool } = sources;
  // One metastore read per scrape, shared by the gauges it feeds.
  const snapshot = createSnapshotReader(store, SNAPSHOT_MAX_AGE_MS);
  new Gauge({
    name: 'strata_metastore_up',
    help: '1 when the scrape-time metastore reads succeeded, else 0 (the gauges they feed keep their last values).',
    registers,
    async collect() {
      this.set((await snapshot()) === undefined ? 0 : 1);
    },
  });
  new Gauge({
    name: 'strata_queue_jobs',
    help: 'Jobs in a queue (cleanup, replication, outbox) by state (pending or dead).',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      for (const [queue, stats] of Object.entries((await snapshot())?.queues ?? {})) {
        this.set({ queue, state: 'pending' }, stats.pending);
        this.set({ queue, state: 'dead' }, stats.dead);
      }
    },
  });
  new Gauge({
    name: 'strata_cleanup_orphan_bytes',
    help: 'Bytes of blobs queued for deletion (pending and dead cleanup jobs).',
    registers,
    async collect() {
      const taken = await snapshot();
      if (taken) this.set(taken.orphanBytes);
    },
  });
  new Gauge({
    name: 'strata_backend_used_bytes',
    help: 'Bytes the metastore records on each backend.',
    labelNames: ['backend'],
    registers,
    async collect() {
      for (const [backend, totals] of Object.entries((await snapshot())?.usage ?? {})) {
        this.set({ backend }, totals.bytes);
      }
    },
  });
  new Gauge({
    name: 'strata_backend_quota_bytes',
    help: "Each backend's byte quota (0: unlimited).",
    labelNames: ['backend'],
    registers,
    collect() {
      for (const member of pool.members())
        this.set({ backend: member.name }, member.quota.bytes ?? 0);
    },
  });
  new Gauge({
    name: 'strata_backend_state',
    help: "1 for each backend's current state (active, draining, readonly), 0 for the others.",
    labelNames: ['backend', 'state'],
    registers,
    collect() {
      for (const member of pool.members()) {
        for (const state of BACKEND_STATES) {
          this.set({ backend: member.name, state }, member.state === state ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'strata_backend_circuit_state',
    help: "1 for each backend's circuit breaker state (closed, open, half-open), 0 for the others.",
    labelNames: ['backend', 'state'],
    registers,
    collect() {
      for (const member of pool.members()) {
        for (const state of ['closed', 'open', 'half-open'] as const) {
          this.set({ backend: member.name, state }, member.circuit === state ? 1 : 0);
        }
      }
    },
  });
  if (sources.readCache !== undefined) registerCacheMetrics(registry, sources.readCache);
  return {
    registry,
    request(event) {
      const { operation } = event;
      requests.inc({ operation, status: String(event.status) });
      if (event.code !== undefined) errors.inc({ operation, code: event.code });
      duration.observe({ operation }, event.durationMs / 1000);
      if (event.bytesIn > 0) bytesIn.inc({ operation }, event.bytesIn);
      if (event.bytesOut > 0) bytesOut.inc({ operation }, event.bytesOut);
    },
    backendCall(event) {
      const labels = { backend: event.backend, call: event.call };
      backendCalls.inc({ ...labels, outcome: event.error === undefined ? 'ok' : 'error' });
      backendDuration.observe(labels, event.durationMs / 1000);
    },
    workerRun(event) {
      workerRuns.inc({ worker: event.job, outcome: event.error === undefined ? 'ok' : 'error' });
      workerDuration.observe({ worker: event.job }, event.durationMs / 1000);
      for (const [item, count] of Object.entries(event.result ?? {})) {
        if (count > 0) workerItems.inc({ worker: event.job, item }, count);
      }
    },
  };
}
