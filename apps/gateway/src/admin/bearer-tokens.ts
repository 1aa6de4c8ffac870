import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { adminErrorResponse } from './admin-errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * A check of `Authorization: Bearer <token>` against `tokens`. The given token and every
 * configured one are compared as SHA-256 digests with `timingSafeEqual`, all of them every time:
 * neither the length of a token nor which one matched shows in the timing.
 */
export function createBearerCheck(
  tokens: readonly string[],
): (header: string | undefined) => boolean {
  const expected = tokens.map(digest);
  return (header) => {
    const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    if (given === undefined) return false;
    const actual = digest(given);
    let ok = false;
    for (const token of expected) ok = timingSafeEqual(actual, token) || ok;
    return ok;
  };
}

/**
 * Lets through only requests bearing one of `tokens`; every other one (no header, another
 * token, an S3 signature) gets 401 `Unauthorized` in JSON, whatever path it asked for.
 */
export function bearerTokens(tokens: readonly string[]) {
  const check = createBearerCheck(tokens);
  return createMiddleware(async (c, next) => {
    if (!check(c.req.header('authorization'))) {
      return adminErrorResponse(
        'Unauthorized',
        'the admin API needs Authorization: Bearer <token> with one of admin.tokens',
        { 'www-authenticate': 'Bearer realm="strata-admin"' },
      );
    }
    return next();
  });
}
