import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import { detectAuthType, type SigV4Verifier } from '@strata/sigv4-verify';
import type { GatewayEnv } from '../../env.js';
import { requestHeaders } from '../../http/request-headers.js';

/** Options for {@link sigv4Auth}. */
export interface Sigv4AuthOptions {
  readonly verifier: SigV4Verifier;
  /** Canonical user id owning what the access key creates. */
  readonly ownerOf: (accessKeyId: string) => string;
}

/**
 * Authenticates every S3 request with SigV4 (header or presigned query). Anonymous requests are
 * refused: Strata has no public buckets yet.
 */
export function sigv4Auth(options: Sigv4AuthOptions) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const target = c.get('target');
    const headers = requestHeaders(c);
    // The client signed the Host it addressed, which a trusted proxy reports as forwarded.
    if (target.host !== undefined) headers.host = target.host;
    if (detectAuthType({ query: target.rawQuery, headers }) === 'anonymous') {
      throw new S3Error('AccessDenied', { message: 'Access Denied' });
    }
    const auth = await options.verifier.verify({
      method: c.req.method,
      path: target.rawPath,
      query: target.rawQuery,
      headers,
      // SigV2 signs `/bucket/key`, which virtual-host style requests do not carry in the path.
      virtualHostBucket: target.style === 'virtual' ? target.bucket : undefined,
    });
    c.set('auth', auth);
    c.set('owner', options.ownerOf(auth.accessKeyId));
    await next();
  });
}
