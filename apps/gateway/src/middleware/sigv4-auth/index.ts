import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import type { SigV4Verifier } from '@strata/sigv4-verify';
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
    const q = target.query;
    if (!headers.authorization && !q.has('X-Amz-Signature') && !q.has('Signature')) {
      throw new S3Error('AccessDenied', { message: 'Access Denied' });
    }
    const auth = await options.verifier.verify({
      method: c.req.method,
      path: target.rawPath,
      query: target.rawQuery,
      headers,
    });
    c.set('auth', auth);
    c.set('owner', options.ownerOf(auth.accessKeyId));
    await next();
  });
}
