import { parseCopySource } from '../../http/copy-source.js';
import { bypassGovernanceOf } from '../../http/object-lock.js';
import { writeHeaderActions } from '../../http/write-header-actions.js';
import type { S3Target } from '../../routing/resolve-target.js';
import { OBJECT_WRITES } from '../../routing/operation-names.js';
import type { S3Operation } from '../../routing/s3-operation.js';
import type { AccessCheck } from '../../auth/authorize.js';

/**
 * The action an operation needs when it names a version (`?versionId=`), as AWS's "Actions,
 * resources, and condition keys for Amazon S3" lists it: reading or deleting a given version is
 * a permission of its own, so a policy can grant the current object and not its history.
 */
const VERSION_ACTIONS: Readonly<Record<string, string>> = {
  's3:GetObject': 's3:GetObjectVersion',
  's3:DeleteObject': 's3:DeleteObjectVersion',
  's3:GetObjectTagging': 's3:GetObjectVersionTagging',
  's3:PutObjectTagging': 's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging': 's3:DeleteObjectVersionTagging',
  's3:GetObjectAcl': 's3:GetObjectVersionAcl',
  's3:GetObjectAttributes': 's3:GetObjectVersionAttributes',
};

/** `action`, or its version form when the request names a version other than `null`'s absence. */
export function versionedAction(action: string, versionId: string | null | undefined): string {
  return versionId === null || versionId === undefined
    ? action
    : (VERSION_ACTIONS[action] ?? action);
}

/**
 * Every permission a request needs, as S3 requires them: the operation's own action on its
 * bucket or object (its version form for a `versionId`), the source's read action for a copy,
 * and the extra actions some headers ask for: Object Lock headers on a write need
 * `s3:PutObjectRetention` / `s3:PutObjectLegalHold`, tags on a write `s3:PutObjectTagging`, and
 * `x-amz-bypass-governance-retention` needs `s3:BypassGovernanceRetention`.
 */
export function requestChecks(
  operation: S3Operation,
  target: S3Target,
  headers: Headers,
): AccessCheck[] {
  const { bucket, key } = target;
  const versionId = target.query.get('versionId') ?? undefined;
  const action = versionedAction(operation.permission, versionId);
  const checks: AccessCheck[] = [
    { action, bucket, key: operation.target === 'object' ? key : undefined, versionId },
  ];
  const extra = (extraAction: string) => checks.push({ action: extraAction, bucket, key });
  if (OBJECT_WRITES.has(operation.name)) {
    // A copy takes `x-amz-tagging` only with the REPLACE directive (below).
    writeHeaderActions(headers, operation.name !== 'CopyObject').forEach(extra);
  }
  if (
    operation.name === 'CopyObject' &&
    headers.get('x-amz-tagging-directive')?.toUpperCase() === 'REPLACE'
  ) {
    extra('s3:PutObjectTagging');
  }
  if (
    bypassGovernanceOf(headers) &&
    (operation.name === 'DeleteObject' || operation.name === 'PutObjectRetention')
  ) {
    extra('s3:BypassGovernanceRetention');
  }
  const copySource = headers.get('x-amz-copy-source');
  if (copySource !== null && operation.sourcePermission !== undefined) {
    const source = parseCopySource(copySource);
    checks.push({
      action: versionedAction(operation.sourcePermission, source.versionId),
      bucket: source.bucket,
      key: source.key,
      versionId: source.versionId,
    });
  }
  return checks;
}
