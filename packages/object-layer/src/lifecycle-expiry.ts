import type { LifecycleFilter, LifecycleRule } from '@strata/metastore-core';

/** A lifecycle "day": S3 counts rule ages in whole UTC days. */
export const LIFECYCLE_DAY_MS = 86_400_000;

/** What a lifecycle filter looks at: an object version's key, size and tags. */
export interface LifecycleSubject {
  readonly key: string;
  /** Absent for a delete marker, which no size condition matches. */
  readonly size?: number | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** When a current object version expires, and under which rule (`x-amz-expiration`). */
export interface ObjectExpiry {
  readonly date: Date;
  readonly ruleId: string;
}

/**
 * The moment `days` lifecycle days after `since` are over, as S3 counts them: the time plus the
 * days, moved on to the next day boundary (midnight UTC for a real day), so that an object
 * written at 10:30 on the 15th with `Days: 3` expires at 00:00 on the 19th. `dayMs` shortens the
 * day for tests.
 */
export function lifecycleDueDate(since: Date, days: number, dayMs = LIFECYCLE_DAY_MS): Date {
  return new Date((Math.floor((since.getTime() + days * dayMs) / dayMs) + 1) * dayMs);
}

/**
 * Whether a rule's filter selects a version: the key starts with the prefix, every tag of the
 * filter is on the version with that value, and the size is strictly within the bounds (a delete
 * marker, with no size, matches no size bound and no tag).
 */
export function matchesLifecycleFilter(
  filter: LifecycleFilter,
  subject: LifecycleSubject,
): boolean {
  if (filter.prefix !== undefined && !subject.key.startsWith(filter.prefix)) return false;
  if (filter.tags !== undefined) {
    for (const [key, value] of Object.entries(filter.tags)) {
      if (subject.tags?.[key] !== value) return false;
    }
  }
  if (filter.objectSizeGreaterThan !== undefined) {
    if (subject.size === undefined || !(subject.size > filter.objectSizeGreaterThan)) return false;
  }
  if (filter.objectSizeLessThan !== undefined) {
    if (subject.size === undefined || !(subject.size < filter.objectSizeLessThan)) return false;
  }
  return true;
}

/** The enabled rules whose filter selects `subject`, in document order. */
export function rulesFor(
  rules: readonly LifecycleRule[],
  subject: LifecycleSubject,
): LifecycleRule[] {
  return rules.filter(
    (rule) => rule.status === 'Enabled' && matchesLifecycleFilter(rule.filter, subject),
  );
}

/**
 * When a current object version expires under `rules` (the earliest of the matching rules'
 * `Expiration` Days or Date), or `undefined` when none applies. This is what S3 reports in
 * `x-amz-expiration` and what the lifecycle worker acts on.
 */
export function expiryOf(
  rules: readonly LifecycleRule[],
  version: LifecycleSubject & { readonly lastModified: Date },
  dayMs = LIFECYCLE_DAY_MS,
): ObjectExpiry | undefined {
  let found: ObjectExpiry | undefined;
  for (const rule of rulesFor(rules, version)) {
    const { expiration } = rule;
    let date: Date | undefined;
    if (expiration?.days !== undefined) {
      date = lifecycleDueDate(version.lastModified, expiration.days, dayMs);
    } else if (expiration?.date !== undefined) {
      date = new Date(expiration.date);
    }
    if (date !== undefined && (found === undefined || date < found.date)) {
      found = { date, ruleId: rule.id };
    }
  }
  return found;
}

/**
 * When a multipart upload of `key` initiated at `initiated` is aborted under `rules` (the
 * earliest matching `AbortIncompleteMultipartUpload`), or `undefined` when none applies: what S3
 * reports in `x-amz-abort-date` / `x-amz-abort-rule-id` and what the lifecycle worker acts on.
 * Such rules filter by prefix only (S3 refuses tags and sizes with them).
 */
export function abortDateOf(
  rules: readonly LifecycleRule[],
  key: string,
  initiated: Date,
  dayMs = LIFECYCLE_DAY_MS,
): ObjectExpiry | undefined {
  let found: ObjectExpiry | undefined;
  for (const rule of rulesFor(rules, { key })) {
    const days = rule.abortIncompleteMultipartUploadDays;
    if (days === undefined) continue;
    const date = lifecycleDueDate(initiated, days, dayMs);
    if (found === undefined || date < found.date) found = { date, ruleId: rule.id };
  }
  return found;
}

/**
 * The `x-amz-expiration` header value of an expiry:
 * `expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="<url-encoded id>"`.
 */
export function expirationHeader(expiry: ObjectExpiry): string {
  return `expiry-date="${expiry.date.toUTCString()}", rule-id="${encodeURIComponent(expiry.ruleId)}"`;
}
