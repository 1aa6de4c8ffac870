import { OPERATIONS } from './operations.js';
import type { OperationTarget, S3Operation } from './s3-operation.js';
import type { S3Target } from './resolve-target.js';
import { subresources } from './subresources.js';

/**
 * The row of `OPERATIONS` a request asks for, from method, target, query and copy source: the
 * first that matches (see {@link S3Operation}); `undefined` for an operation Strata does not
 * implement (answered 501 NotImplemented).
 */
export function resolveOperation(
  method: string,
  target: S3Target,
  copySource: string | undefined,
): S3Operation | undefined {
  const level = targetOf(target);
  const sub = subresources(target.query);
  return OPERATIONS.find(
    (operation) =>
      operation.method === method &&
      operation.target === level &&
      namesSubresource(sub, operation.subresource) &&
      hasQuery(target.query, operation.query) &&
      (operation.copySource === undefined || copySource !== undefined),
  );
}

function targetOf(target: S3Target): OperationTarget {
  if (target.bucket === undefined) return 'service';
  return target.key === undefined ? 'bucket' : 'object';
}

/** The query names exactly `name`, or no sub-resource at all when `name` is absent. */
function namesSubresource(sub: readonly string[], name: string | undefined): boolean {
  return name === undefined ? sub.length === 0 : sub.length === 1 && sub[0] === name;
}

function hasQuery(
  query: URLSearchParams,
  wanted: Readonly<Record<string, true | string>> | undefined,
): boolean {
  if (wanted === undefined) return true;
  return Object.entries(wanted).every(([name, value]) =>
    value === true ? query.has(name) : query.get(name) === value,
  );
}
