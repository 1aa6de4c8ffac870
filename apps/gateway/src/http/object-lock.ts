import type { ObjectLock, ObjectLockMode } from '@strata/metastore-core';
import type { WriteLockInput } from '@strata/object-layer';
import { S3Error, parseTimestamp } from '@strata/s3-xml';
import { requireIntegrityCheck } from './integrity-check.js';

/** The request headers of a write's Object Lock (a POST form names its fields alike). */
const MODE = 'x-amz-object-lock-mode';
const RETAIN_UNTIL = 'x-amz-object-lock-retain-until-date';
const LEGAL_HOLD = 'x-amz-object-lock-legal-hold';
export const OBJECT_LOCK_HEADERS = [MODE, RETAIN_UNTIL, LEGAL_HOLD] as const;

/** `x-amz-bypass-governance-retention`, on DeleteObject(s) and PutObjectRetention. */
const BYPASS = 'x-amz-bypass-governance-retention';

function invalidArgument(message: string, name: string, value: string): S3Error {
  return new S3Error('InvalidArgument', {
    message,
    extra: { ArgumentName: name, ArgumentValue: value },
  });
}

function modeOf(value: string): ObjectLockMode {
  if (value !== 'GOVERNANCE' && value !== 'COMPLIANCE') {
    throw invalidArgument('Unknown wormMode directive.', MODE, value);
  }
  return value;
}

/**
 * The Object Lock a write's headers ask for (PutObject, CopyObject, CreateMultipartUpload), each
 * header's syntax checked as S3 checks it; whether they fit the bucket and each other is the
 * object layer's to check. `undefined` when none is sent. A PutObject (`requiresIntegrity`)
 * with any of them must carry an integrity check, as S3 requires of Object Lock uploads.
 *
 * @throws S3Error InvalidArgument (an unknown mode, a date not in ISO 8601, a legal hold other
 *   than ON or OFF), InvalidRequest (no integrity check), NotImplemented (a checksum this
 *   gateway cannot verify).
 */
export function writeLockOf(
  headers: Headers,
  requiresIntegrity: boolean,
): WriteLockInput | undefined {
  const mode = headers.get(MODE) ?? undefined;
  const until = headers.get(RETAIN_UNTIL) ?? undefined;
  const hold = headers.get(LEGAL_HOLD) ?? undefined;
  if (mode === undefined && until === undefined && hold === undefined) return undefined;
  let retainUntil: Date | undefined;
  if (until !== undefined) {
    retainUntil = parseTimestamp(until);
    if (retainUntil === undefined) {
      throw invalidArgument(
        'The retain until date must be provided in ISO 8601 format',
        RETAIN_UNTIL,
        until,
      );
    }
  }
  if (hold !== undefined && hold !== 'ON' && hold !== 'OFF') {
    throw invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", LEGAL_HOLD, hold);
  }
  if (requiresIntegrity) requireIntegrityCheck(headers);
  return {
    ...(mode === undefined ? {} : { mode: modeOf(mode) }),
    ...(retainUntil === undefined ? {} : { retainUntil }),
    ...(hold === undefined ? {} : { legalHold: hold === 'ON' }),
  };
}

/** Whether a boolean header says `true` (in any case, as S3 reads one). */
export function headerIsTrue(value: string | null | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/** Whether the request asks to bypass GOVERNANCE retention. */
export function bypassGovernanceOf(headers: Headers): boolean {
  return headerIsTrue(headers.get(BYPASS));
}

/** The Object Lock headers of a GetObject or HeadObject answer about a version with a lock. */
export function objectLockHeaders(lock: ObjectLock | undefined): Record<string, string> {
  if (lock === undefined) return {};
  const out: Record<string, string> = {};
  if (lock.retention !== undefined) {
    out[MODE] = lock.retention.mode;
    out[RETAIN_UNTIL] = lock.retention.retainUntil.toISOString();
  }
  if (lock.legalHold !== undefined) out[LEGAL_HOLD] = lock.legalHold ? 'ON' : 'OFF';
  return out;
}
