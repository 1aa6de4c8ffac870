import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import {
  SigV4Error,
  detectAuthType,
  parseAccessKeyId,
  type AuthFailureLimiter,
  type AuthResult,
  type SigV4Verifier,
} from '@strata/sigv4-verify';
import { ANONYMOUS_SCOPE, type AccessControl } from '../../auth/access-control.js';
import type { GatewayEnv } from '../../env.js';
import { isPostObjectRequest } from '../../routing/post-object-request.js';
import { clientAddress, requestHeaders } from '../../http/request-headers.js';
import { createTrustedProxies, type TrustedProxies } from '../../http/trusted-proxies.js';

const NO_PROXIES = createTrustedProxies(false);

/** Options for {@link sigv4Auth}. */
export interface Sigv4AuthOptions {
  readonly verifier: SigV4Verifier;
  /**
   * Answers `SlowDown` after repeated authentication failures from one client address with one
   * access key id (the address alone when the request names none).
   */
  readonly limiter?: AuthFailureLimiter | undefined;
  /** Proxies whose `X-Forwarded-For` names the client address (none when absent). */
  readonly proxies?: TrustedProxies | undefined;
  /** What each access key may reach. */
  readonly access: AccessControl;
  /**
   * Unsigned requests go on as the anonymous principal ({@link ANONYMOUS_SCOPE}), for bucket
   * policies to grant or refuse. Off (the default): they are refused with 403 AccessDenied, for
   * endpoints that are only for configured keys (`/health?details`).
   */
  readonly anonymous?: boolean | undefined;
}

/**
 * Authenticates every S3 request with SigV4 or SigV2 (header or presigned query). Unsigned
 * requests go on as the anonymous principal with {@link Sigv4AuthOptions.anonymous} (a bucket
 * policy decides; without a grant they get 403 AccessDenied, never a signature error), and are
 * refused otherwise. Browser form uploads (POST Object)
 * pass through: their policy, inside the body, is verified by the handler. Repeated failures
 * get `SlowDown` with `Retry-After` for a while (against key guessing), counted per client address
 * and access key id: clients behind one NAT or proxy share an address, and one of them
 * failing with its key must not lock the others out.
 */
export function sigv4Auth(options: Sigv4AuthOptions) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const target = c.get('target');
    if (isPostObjectRequest(c.req.method, target, c.req.header('content-type'))) return next();
    const headers = requestHeaders(c);
    // The client signed the Host it addressed, which a trusted proxy reports as forwarded.
    if (target.host !== undefined) headers.host = target.host;
    const client = limiterKey(
      clientAddress(c, options.proxies ?? NO_PROXIES),
      parseAccessKeyId({ query: target.rawQuery, headers }),
    );
    const verdict = options.limiter?.check(client);
    if (verdict?.blocked) {
      throw new S3Error('SlowDown', {
        message: 'Too many failed authentication attempts; retry later.',
        headers: { 'retry-after': String(verdict.retryAfterSeconds) },
      });
    }
    if (detectAuthType({ query: target.rawQuery, headers }) === 'anonymous') {
      if (!options.anonymous) throw new S3Error('AccessDenied', { message: 'Access Denied' });
      c.set('scope', ANONYMOUS_SCOPE);
      c.set('owner', ANONYMOUS_SCOPE.owner);
      return next();
    }
    let auth: AuthResult;
    try {
      auth = await options.verifier.verify({
        method: c.req.method,
        path: target.rawPath,
        query: target.rawQuery,
        headers,
        // SigV2 signs `/bucket/key`, which virtual-host style requests do not carry in the path.
        virtualHostBucket: target.style === 'virtual' ? target.bucket : undefined,
      });
    } catch (error) {
      if (SigV4Error.is(error) && error.status === 403) options.limiter?.recordFailure(client);
      throw error;
    }
    options.limiter?.recordSuccess(client);
    c.set('auth', auth);
    const scope = options.access.scopeOf(auth.accessKeyId);
    c.set('scope', scope);
    c.set('owner', scope.owner);
    await next();
  });
}

/**
 * The failure limiter's client: the address and the access key id the request claims (a claim,
 * unverified, which is enough to partition counters: a guesser is still limited per key it
 * attacks), or the address alone for anonymous or unparseable requests.
 */
function limiterKey(address: string, accessKeyId: string | undefined): string {
  return accessKeyId === undefined ? address : `${address} ${accessKeyId}`;
}
