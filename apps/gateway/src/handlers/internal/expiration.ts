import type { Context } from 'hono';
import type { ObjectRecord } from '@strata/metastore-core';
import { abortDateOf, expirationHeader, expiryOf } from '@strata/object-layer';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';

/**
 * `x-amz-expiration` of a current object version, as S3 sends it on PUT, POST, COPY,
 * CompleteMultipartUpload, GET and HEAD: when an enabled lifecycle rule of its bucket will expire
 * it (the earliest such rule). The rules come with the request's cached bucket lookup; a version
 * rebuilt in degraded mode, with no tags, gets none rather than a guess.
 */
export function expirationHeaders(
  c: Context<GatewayEnv>,
  deps: Pick<GatewayDeps, 'lifecycleDayMs'>,
  record: ObjectRecord,
): Record<string, string> {
  const rules = c.get('lifecycle');
  if (rules === undefined) return {};
  const expiry = expiryOf(rules, record, deps.lifecycleDayMs);
  return expiry === undefined ? {} : { 'x-amz-expiration': expirationHeader(expiry) };
}

/** Sets {@link expirationHeaders} on a write's response. */
export function setExpirationHeader(
  c: Context<GatewayEnv>,
  deps: Pick<GatewayDeps, 'lifecycleDayMs'>,
  record: ObjectRecord,
): void {
  for (const [name, value] of Object.entries(expirationHeaders(c, deps, record))) {
    c.header(name, value);
  }
}

/**
 * `x-amz-abort-date` and `x-amz-abort-rule-id` of a multipart upload just created, as S3 sends
 * them when an `AbortIncompleteMultipartUpload` rule of its bucket covers the key. The rule id
 * goes as is when it is printable ASCII (a header cannot carry more), URL-encoded otherwise.
 */
export function setAbortHeaders(
  c: Context<GatewayEnv>,
  deps: Pick<GatewayDeps, 'lifecycleDayMs'>,
  key: string,
  initiated: Date,
): void {
  const rules = c.get('lifecycle');
  if (rules === undefined) return;
  const abort = abortDateOf(rules, key, initiated, deps.lifecycleDayMs);
  if (abort === undefined) return;
  c.header('x-amz-abort-date', abort.date.toUTCString());
  const printable = /^[\x20-\x7e]*$/.test(abort.ruleId);
  c.header('x-amz-abort-rule-id', printable ? abort.ruleId : encodeURIComponent(abort.ruleId));
}
