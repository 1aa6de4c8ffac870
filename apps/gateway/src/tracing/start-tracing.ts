import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import { VERSION } from '../version.js';

/** Options of {@link startTracing} (the `tracing` config keys). */
export interface StartTracingOptions {
  /** OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces` (JSON encoding). */
  readonly endpoint: string;
  /** `service.name` of every span. */
  readonly serviceName: string;
  /** Share of new traces recorded, 0..1; requests carrying a `traceparent` follow its flag. */
  readonly sampleRatio: number;
  /** Where failed exports are reported (at most one line a minute). */
  readonly logger: Logger;
}

/** Running tracing: the tracer the gateway's spans come from, and its shutdown. */
export interface GatewayTracing {
  readonly tracer: Tracer;
  /**
   * Exports the spans still buffered, then stops the exporter; gives up after 5 s (a collector
   * that is down must not hold the gateway's shutdown). Idempotent; never rejects.
   */
  shutdown(): Promise<void>;
}

/** How often a collector that keeps refusing spans is logged. */
const EXPORT_ERROR_LOG_MS = 60_000;
/** How long {@link GatewayTracing.shutdown} waits for the last export. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Starts exporting spans to an OTLP/HTTP collector: a tracer provider of its own (nothing is
 * registered as the global tracer provider or propagator, so an embedding application's
 * OpenTelemetry setup is left alone), spans batched (`BatchSpanProcessor`) and sampled
 * parent-based with a trace-id ratio for new traces. It makes sure an AsyncLocalStorage context
 * manager is registered: child spans (backend and metastore calls) find the request's span
 * through it.
 *
 * @example
 * ```ts
 * const tracing = startTracing({ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'strata', sampleRatio: 1, logger });
 * const span = tracing.tracer.startSpan('work');
 * span.end();
 * await tracing.shutdown();
 * ```
 */
export function startTracing(options: StartTracingOptions): GatewayTracing {
  ensureContextManager();
  reportExportErrors(options.logger);
  const provider = new TracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: VERSION,
      }),
    ),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.endpoint }) }),
    ],
  });
  let stopping: Promise<void> | undefined;
  return {
    tracer: provider.getTracer('@strata/gateway', VERSION),
    shutdown: () => (stopping ??= stopWithin(provider, SHUTDOWN_TIMEOUT_MS, options.logger)),
  };
}

/**
 * `provider.shutdown()`, waited for at most `ms`: the exporter retries a refused export with
 * backoff for longer than a shutdown should take.
 */
async function stopWithin(provider: TracerProvider, ms: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), ms).unref();
  });
  try {
    const outcome = await Promise.race([provider.shutdown(), deadline]);
    if (outcome === 'timeout') logger.warn(`tracing: spans not exported within ${ms} ms dropped`);
  } catch (err) {
    logger.warn({ err }, 'tracing: could not export the last spans');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Registers an AsyncLocalStorage context manager unless one is already registered (by an
 * earlier gateway in this process, or by the embedding application). It is never unregistered:
 * another gateway in the process may still be tracing, and unused it costs nothing.
 */
function ensureContextManager(): void {
  const manager = new AsyncLocalStorageContextManager();
  if (!context.setGlobalContextManager(manager.enable())) manager.disable();
}

/**
 * OpenTelemetry reports a failed export to its global error handler (silent by default): log it,
 * throttled, since the batch processor retries every few seconds while a collector is down.
 */
function reportExportErrors(logger: Logger): void {
  let last = -Infinity;
  setGlobalErrorHandler((err) => {
    const now = performance.now();
    if (now - last < EXPORT_ERROR_LOG_MS) return;
    last = now;
    logger.warn({ err }, 'tracing: could not export spans');
  });
}
