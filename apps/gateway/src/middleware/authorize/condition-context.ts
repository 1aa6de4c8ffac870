import type { AuthResult } from '@strata/sigv4-verify';
import type { S3Target } from '../../routing/resolve-target.js';
import type { ConditionContext } from '../../auth/authorize.js';

/** What a request's condition keys are read from. */
export interface ConditionSource {
  readonly target: S3Target;
  readonly headers: Headers;
  /** The client's address (after trusted proxies). */
  readonly sourceIp: string;
  /** The verified signature; absent for anonymous requests. */
  readonly auth?: AuthResult | undefined;
  /** `'POST'` for a browser form upload (its signature is in the form). */
  readonly authType?: 'POST' | undefined;
  readonly now?: Date | undefined;
}

const REQUEST_TAG = 's3:requestobjecttag/';
const QUERY_KEYS: Readonly<Record<string, string>> = {
  's3:prefix': 'prefix',
  's3:delimiter': 'delimiter',
  's3:max-keys': 'max-keys',
  's3:versionid': 'versionId',
};
/** S3 condition keys whose value is a request header of another name. */
const HEADER_KEYS: Readonly<Record<string, string>> = {
  's3:object-lock-mode': 'x-amz-object-lock-mode',
  's3:object-lock-retain-until-date': 'x-amz-object-lock-retain-until-date',
  's3:object-lock-legal-hold': 'x-amz-object-lock-legal-hold',
  'aws:referer': 'referer',
  'aws:useragent': 'user-agent',
};

/**
 * The condition keys of one request, as AWS's "Amazon S3 condition key examples" and the global
 * condition keys define them, read when a policy asks (most requests meet a policy that reads
 * two or three keys, so nothing is computed ahead). The principal's keys
 * (`aws:PrincipalAccount`, `aws:username`, …) come from the principal itself, in the evaluator;
 * `s3:ExistingObjectTag/<key>` from the object, in `authorize`.
 */
export function conditionContext(source: ConditionSource): ConditionContext {
  const { target, headers } = source;
  let tagging: URLSearchParams | undefined;
  const requestTags = () => (tagging ??= new URLSearchParams(headers.get('x-amz-tagging') ?? ''));
  return (key) => {
    switch (key) {
      case 'aws:sourceip':
        return source.sourceIp;
      case 'aws:securetransport':
        return target.scheme === 'https' ? 'true' : 'false';
      case 'aws:currenttime':
        return (source.now ?? new Date()).toISOString();
      case 'aws:epochtime':
        return String(Math.floor((source.now ?? new Date()).getTime() / 1000));
      case 's3:signatureversion':
        return signatureVersion(source);
      case 's3:authtype':
        return authType(source);
      case 's3:requestobjecttagkeys':
        return headers.has('x-amz-tagging') ? [...new Set(requestTags().keys())] : undefined;
      case 's3:object-lock-remaining-retention-days':
        return remainingDays(headers.get('x-amz-object-lock-retain-until-date'), source.now);
    }
    const query = QUERY_KEYS[key];
    if (query !== undefined) return target.query.get(query) ?? undefined;
    const header = HEADER_KEYS[key];
    if (header !== undefined) return headers.get(header) ?? undefined;
    if (key.startsWith(REQUEST_TAG)) return tagValue(requestTags(), key.slice(REQUEST_TAG.length));
    // s3:x-amz-acl, s3:x-amz-server-side-encryption, s3:x-amz-copy-source, … name their header.
    if (key.startsWith('s3:x-amz-')) return headers.get(key.slice(3)) ?? undefined;
    return undefined;
  };
}

function signatureVersion(source: ConditionSource): string | undefined {
  if (source.auth === undefined) return undefined;
  return source.auth.method.startsWith('v2') ? 'AWS' : 'AWS4-HMAC-SHA256';
}

function authType(source: ConditionSource): string | undefined {
  if (source.authType === 'POST') return 'POST';
  if (source.auth === undefined) return undefined;
  return source.auth.method.endsWith('presigned') ? 'REST-QUERY-STRING' : 'REST-HEADER';
}

/** A tag's value by a lower-cased key (condition key names are case-insensitive). */
function tagValue(tags: URLSearchParams, key: string): string | undefined {
  for (const [name, value] of tags) if (name.toLowerCase() === key) return value;
  return undefined;
}

function remainingDays(until: string | null, now: Date | undefined): string | undefined {
  if (until === null) return undefined;
  const ms = Date.parse(until) - (now ?? new Date()).getTime();
  return Number.isNaN(ms) ? undefined : String(Math.max(0, Math.ceil(ms / 86_400_000)));
}
