import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { adminErrorResponse } from './admin-errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** What a bearer token may do: everything (`admin.tokens`) or only read (`read_only_tokens`). */
export type TokenAccess = 'full' | 'read';

/** The tokens that open the admin API, by what they may do. */
export interface AdminTokens {
  /** Tokens that may read and change (`admin.tokens`). */
  readonly full: readonly string[];
  /** Tokens that may only read: GET and HEAD (`admin.read_only_tokens`). */
  readonly readOnly?: readonly string[] | undefined;
}

/**
 * A check of `Authorization: Bearer <token>` against `tokens`: what the token may do, or
 * `undefined` when it is none of them. The given token and every configured one are compared as
 * SHA-256 digests with `timingSafeEqual`, all of them every time: neither the length of a token
 * nor which one matched shows in the timing.
 */
export function createBearerCheck(
  tokens: AdminTokens,
): (header: string | undefined) => TokenAccess | undefined {
  const expected = [
    ...tokens.full.map((token) => ({ digest: digest(token), access: 'full' as const })),
    ...(tokens.readOnly ?? []).map((token) => ({ digest: digest(token), access: 'read' as const })),
  ];
  return (header) => {
    const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    if (given === undefined) return undefined;
    const actual = digest(given);
    let access: TokenAccess | undefined;
    for (const token of expected) {
      // The full token wins should one be listed both ways.
      if (timingSafeEqual(actual, token.digest) && access !== 'full') access = token.access;
    }
    return access;
  };
}

/** Methods a read-only token may use. */
const READS = new Set(['GET', 'HEAD']);

/**
 * Lets through only requests bearing one of `tokens`; every other one (no header, another
 * token, an S3 signature) gets 401 `Unauthorized` in JSON, whatever path it asked for. A
 * read-only token that asks to change something (any method but GET and HEAD) gets 403
 * `Forbidden`, before the route is looked at.
 */
export function bearerTokens(tokens: AdminTokens) {
  const check = createBearerCheck(tokens);
  return createMiddleware(async (c, next) => {
    const access = check(c.req.header('authorization'));
    if (access === undefined) {
      return adminErrorResponse(
        'Unauthorized',
        'the admin API needs Authorization: Bearer <token> with one of admin.tokens or admin.read_only_tokens',
        { 'www-authenticate': 'Bearer realm="strata-admin"' },
      );
    }
    if (access === 'read' && !READS.has(c.req.method)) {
      return adminErrorResponse(
        'Forbidden',
        `this token is one of admin.read_only_tokens: it may only read (GET, HEAD), not ${c.req.method}`,
      );
    }
    return next();
  });
}
