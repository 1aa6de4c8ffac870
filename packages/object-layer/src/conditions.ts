import type { ObjectCondition, ObjectRecord } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import { noSuchKey, preconditionFailed } from './internal/s3-errors.js';
import type { ReadConditions, WriteConditions } from './types.js';

/** Strips surrounding quotes (and a weak `W/` prefix) from an ETag. */
export function normalizeEtag(etag: string): string {
  let value = etag.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value;
}

/** True when an `If-Match`/`If-None-Match` list (`*`, or comma-separated ETags) names `etag`. */
export function etagListMatches(header: string, etag: string): boolean {
  return header.split(',').some((item) => {
    const candidate = item.trim();
    return candidate === '*' || normalizeEtag(candidate) === etag;
  });
}

/** HTTP dates have one-second resolution, so compare Last-Modified truncated to the second. */
function secondsOf(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function isModifiedSince(record: ObjectRecord, since: Date): boolean {
  return secondsOf(record.lastModified) > secondsOf(since);
}

/** Which read precondition failed, and how S3 answers it. */
export type ReadConditionOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'precondition-failed'; readonly condition: string }
  | { readonly kind: 'not-modified' };

/**
 * Evaluates read preconditions in the order of RFC 9110 section 13.2.2, which is also what S3
 * documents for GetObject/HeadObject: If-Match (412), else If-Unmodified-Since (412); then
 * If-None-Match (304), else If-Modified-Since (304). So `If-Match` true + `If-Unmodified-Since`
 * false answers 200, and `If-None-Match` false + `If-Modified-Since` true answers 304.
 */
export function evaluateReadConditions(
  record: ObjectRecord,
  conditions: ReadConditions | undefined,
): ReadConditionOutcome {
  if (!conditions) return { kind: 'ok' };
  const { ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince } = conditions;
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, record.etag))
      return { kind: 'precondition-failed', condition: 'If-Match' };
  } else if (ifUnmodifiedSince !== undefined && isModifiedSince(record, ifUnmodifiedSince)) {
    return { kind: 'precondition-failed', condition: 'If-Unmodified-Since' };
  }
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, record.etag)) return { kind: 'not-modified' };
  } else if (ifModifiedSince !== undefined && !isModifiedSince(record, ifModifiedSince)) {
    return { kind: 'not-modified' };
  }
  return { kind: 'ok' };
}

/**
 * Checks GetObject/HeadObject preconditions.
 *
 * @throws S3Error PreconditionFailed (412) or NotModified (304, carrying ETag and Last-Modified).
 */
export function assertReadConditions(
  record: ObjectRecord,
  conditions: ReadConditions | undefined,
): void {
  const outcome = evaluateReadConditions(record, conditions);
  if (outcome.kind === 'precondition-failed') throw preconditionFailed(outcome.condition);
  if (outcome.kind === 'not-modified') {
    throw new S3Error('NotModified', {
      message: 'Not Modified',
      headers: { ETag: `"${record.etag}"`, 'Last-Modified': record.lastModified.toUTCString() },
    });
  }
}

/**
 * Checks `x-amz-copy-source-if-*` on CopyObject/UploadPartCopy. Same evaluation order as reads,
 * but S3 answers 412 for every failing case, including the ones a GET answers with 304.
 *
 * @throws S3Error PreconditionFailed.
 */
export function assertCopySourceConditions(
  record: ObjectRecord,
  conditions: ReadConditions | undefined,
): void {
  const outcome = evaluateReadConditions(record, conditions);
  if (outcome.kind === 'precondition-failed') {
    throw preconditionFailed(`x-amz-copy-source-${outcome.condition}`);
  }
  if (outcome.kind === 'not-modified') {
    const condition = conditions?.ifNoneMatch !== undefined ? 'If-None-Match' : 'If-Modified-Since';
    throw preconditionFailed(`x-amz-copy-source-${condition}`);
  }
}

/**
 * Fail-fast check of write preconditions against the current row, before any byte is read. The
 * authoritative check is repeated atomically at commit ({@link toObjectCondition}).
 *
 * @throws S3Error PreconditionFailed, or NoSuchKey for `If-Match` on a missing key (S3 conditional
 *   writes answer 404 there).
 */
export function assertWriteConditions(
  current: ObjectRecord | undefined,
  conditions: WriteConditions | undefined,
  target: { readonly bucket: string; readonly key: string },
): void {
  if (!conditions) return;
  if (conditions.ifNoneMatch !== undefined && current) throw preconditionFailed('If-None-Match');
  if (conditions.ifMatch !== undefined) {
    if (!current) throw noSuchKey(target.bucket, target.key);
    if (!etagListMatches(conditions.ifMatch, current.etag)) throw preconditionFailed('If-Match');
  }
}

/**
 * The compare-and-swap condition the commit must hold. `current` is the row seen by the early
 * check; it pins `If-Match: *` (which has no ETag to compare) to that exact version.
 */
export function toObjectCondition(
  conditions: WriteConditions | undefined,
  current: ObjectRecord | undefined,
): ObjectCondition | undefined {
  if (!conditions) return undefined;
  if (conditions.ifNoneMatch !== undefined) return { kind: 'absent' };
  if (conditions.ifMatch !== undefined) {
    const etag = normalizeEtag(conditions.ifMatch);
    if (etag === '*' || conditions.ifMatch.includes(',')) {
      return { kind: 'version', versionId: current?.versionId ?? null };
    }
    return { kind: 'etag', etag };
  }
  return undefined;
}
