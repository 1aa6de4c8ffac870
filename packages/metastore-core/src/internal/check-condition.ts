import { ConditionFailedError } from '../errors.js';
import type { ObjectCondition, ObjectRecord } from '../types.js';

/**
 * Throws {@link ConditionFailedError} when `condition` does not hold for `current` (the row read
 * inside the same write transaction).
 */
export function checkCondition(
  current: ObjectRecord | undefined,
  condition: ObjectCondition | undefined,
): void {
  if (condition === undefined) return;
  switch (condition.kind) {
    case 'absent':
      if (current !== undefined) throw new ConditionFailedError('exists');
      return;
    case 'etag': {
      if (current === undefined) throw new ConditionFailedError('missing');
      const wanted = unquote(condition.etag);
      // RFC 9110 §13.1.1: `If-Match: *` holds whenever a current representation exists.
      if (wanted !== '*' && wanted !== current.etag)
        throw new ConditionFailedError('etag-mismatch');
      return;
    }
    case 'version':
      if (condition.versionId === null) {
        if (current !== undefined) throw new ConditionFailedError('version-mismatch');
      } else if (current === undefined) {
        throw new ConditionFailedError('missing');
      } else if (current.versionId !== condition.versionId) {
        throw new ConditionFailedError('version-mismatch');
      }
      return;
  }
}

function unquote(etag: string): string {
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') ? etag.slice(1, -1) : etag;
}
