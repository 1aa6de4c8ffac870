import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { BackendCallStartObserver } from '@strata/backend-pool';
import type { MetaStoreCallStartObserver } from '@strata/metastore-core';

/**
 * Spans `backend <call>` (`backend put`, `backend get` …) around the backend pool's calls
 * (`BackendPoolConfig.onCallStart`), children of the request's span. Attributes: the backend's
 * name and the call; never the blob name (derived from object keys, which are user data).
 */
export function backendCallSpans(tracer: Tracer): BackendCallStartObserver {
  return ({ backend, call }) =>
    startChildSpan(tracer, `backend ${call}`, SpanKind.CLIENT, {
      'strata.backend.name': backend,
      'strata.backend.call': call,
    });
}

/**
 * Spans `metastore <repo>.<method>` (`metastore objects.get`, `metastore store.transaction` …)
 * around the metastore's calls (`CreateMetaStoreOptions.onCallStart`), children of the request's
 * span. Attributes: repository, method and transaction mode; never the arguments (bucket names
 * and keys).
 */
export function metastoreCallSpans(tracer: Tracer): MetaStoreCallStartObserver {
  return ({ repo, method, mode }) =>
    startChildSpan(tracer, `metastore ${repo}.${method}`, SpanKind.INTERNAL, {
      'strata.metastore.repo': repo,
      'strata.metastore.method': method,
      'strata.metastore.mode': mode,
    });
}

/**
 * A span under the active one, ended by the function returned. Only under a recording span: a
 * background worker's calls (no request around them) would otherwise each start a trace of
 * their own, and an unsampled request's children would be dropped anyway.
 */
function startChildSpan(
  tracer: Tracer,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
): ((error: unknown) => void) | undefined {
  const active = context.active();
  if (trace.getSpan(active)?.isRecording() !== true) return undefined;
  const span = tracer.startSpan(name, { kind, attributes }, active);
  return (error) => endSpan(span, error);
}

/**
 * Ends `span`, marking a failure with the error's stable code or class name: not its message or
 * stack, which can carry blob names, paths and keys.
 */
function endSpan(span: Span, error: unknown): void {
  if (error !== undefined) {
    const type = errorType(error);
    span.setAttribute(ATTR_ERROR_TYPE, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
  span.end();
}

function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return 'Error';
}
