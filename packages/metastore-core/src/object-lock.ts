import type { ObjectLockReason } from './errors.js';
import type { ObjectLock } from './types.js';

/**
 * Why Object Lock protects a version from deletion at `now`, or `undefined` when it does not:
 * a legal hold always protects; a retention protects until its instant has passed, COMPLIANCE
 * always and GOVERNANCE unless the caller may bypass it. A retention that has ended protects
 * nothing, as on S3.
 *
 * @example
 * ```ts
 * protectionOf({ retention: { mode: 'GOVERNANCE', retainUntil } }, new Date(), true); // undefined
 * ```
 */
export function protectionOf(
  lock: ObjectLock | undefined,
  now: Date,
  bypassGovernance: boolean,
): ObjectLockReason | undefined {
  if (lock === undefined) return undefined;
  if (lock.legalHold === true) return 'legal-hold';
  const retention = lock.retention;
  if (retention === undefined || retention.retainUntil.getTime() <= now.getTime()) return undefined;
  if (retention.mode === 'COMPLIANCE') return 'compliance';
  return bypassGovernance ? undefined : 'governance';
}
