import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import {
  SigV4Error,
  detectAuthType,
  type AuthFailureLimiter,
  type AuthResult,
  type SigV4Verifier,
} from '@strata/sigv4-verify';
import type { AccessControl } from '../../auth/access-control.js';
import type { GatewayEnv } from '../../env.js';
import { isPostObjectRequest } from '../../routing/resolve-operation.js';
import { clientAddress, requestHeaders } from '../../http/request-headers.js';

/** Options for {@link sigv4Auth}. */
export interface Sigv4AuthOptions {
  readonly verifier: SigV4Verifier;
  /** Answers `SlowDown` to a client address after repeated authentication failures. */
  readonly limiter?: AuthFailureLimiter | undefined;
  readonly trustProxy?: boolean | undefined;
  /** What each access key may reach. */
  readonly access: AccessControl;
}

/**
 * Authenticates every S3 request with SigV4 or SigV2 (header or presigned query). Anonymous
 * requests are refused: Strata has no public buckets yet. Browser form uploads (POST Object)
 * pass through: their policy, inside the body, is verified by the handler. A client address
 * with repeated failures gets `SlowDown` with `Retry-After` for a while (seed 000, rs3gw).
 */
export function sigv4Auth(options: Sigv4AuthOptions) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const target = c.get('target');
    if (isPostObjectRequest(c.req.method, target, c.req.header('content-type'))) return next();
    const client = clientAddress(c, options.trustProxy ?? false);
    const verdict = options.limiter?.check(client);
    if (verdict?.blocked) {
      throw new S3Error('SlowDown', {
        message: 'Too many failed authentication attempts; retry later.',
        headers: { 'retry-after': String(verdict.retryAfterSeconds) },
      });
    }
    const headers = requestHeaders(c);
    // The client signed the Host it addressed, which a trusted proxy reports as forwarded.
    if (target.host !== undefined) headers.host = target.host;
    if (detectAuthType({ query: target.rawQuery, headers }) === 'anonymous') {
      throw new S3Error('AccessDenied', { message: 'Access Denied' });
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
