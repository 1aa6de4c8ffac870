import type { CorsRule } from '@strata/metastore-core';

/** A cross-origin request as the rules see it. */
export interface CorsRequest {
  /** `Origin`, compared case-sensitively, as S3 does. */
  readonly origin: string;
  /** The method of the request, or of `Access-Control-Request-Method` for a preflight. */
  readonly method: string;
  /** `Access-Control-Request-Headers` of a preflight, lower-case; empty otherwise. */
  readonly headers: readonly string[];
}

/** Whether `pattern` (with at most one `*`, matching any run of characters) matches `value`. */
function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return (
    value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail)
  );
}

/**
 * The first rule that allows `request`, as S3 evaluates them in order: one of its origins
 * matches (case-sensitively), its methods include the method, and every requested header
 * matches one of its allowed headers (case-insensitively).
 */
export function findCorsRule(
  rules: readonly CorsRule[],
  request: CorsRequest,
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((origin) => wildcardMatch(origin, request.origin)) &&
      rule.allowedMethods.includes(request.method) &&
      request.headers.every((header) =>
        rule.allowedHeaders.some((allowed) => wildcardMatch(allowed.toLowerCase(), header)),
      ),
  );
}

/** What S3 varies a CORS answer on. */
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/**
 * The `Access-Control-*` headers of an answer `rule` allows: the origin (or `*` when the rule
 * allows any origin, then without credentials), the rule's methods and exposed headers, its max
 * age, and for a preflight the requested headers.
 */
export function corsHeaders(
  rule: CorsRule,
  request: CorsRequest,
  preflight: boolean,
): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  const out: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : request.origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: VARY,
  };
  if (!anyOrigin) out['access-control-allow-credentials'] = 'true';
  if (preflight && request.headers.length > 0) {
    out['access-control-allow-headers'] = request.headers.join(', ');
  }
  if (rule.exposeHeaders.length > 0) {
    out['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  }
  if (rule.maxAgeSeconds !== undefined) {
    out['access-control-max-age'] = String(rule.maxAgeSeconds);
  }
  return out;
}

/** `Access-Control-Request-Headers` as a list of lower-case names. */
export function requestedHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}
