import type { ReadConditions } from '@strata/object-layer';

/**
 * Read preconditions from `If-*` headers (or `x-amz-copy-source-if-*` with a prefix). An
 * unparseable date is ignored, as RFC 9110 requires.
 */
export function readConditions(headers: Headers, prefix = ''): ReadConditions {
  const get = (name: string) => headers.get(`${prefix}${name}`) ?? undefined;
  return {
    ifMatch: get('if-match'),
    ifNoneMatch: get('if-none-match'),
    ifModifiedSince: httpDate(get('if-modified-since')),
    ifUnmodifiedSince: httpDate(get('if-unmodified-since')),
  };
}

function httpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
