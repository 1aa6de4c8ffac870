import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';
import { clientOrigin, rawRequestUrl } from '../../http/request-headers.js';
import type { TrustedProxies } from '../../http/trusted-proxies.js';
import { resolveTarget } from '../../routing/resolve-target.js';

/** Options for {@link s3Target}. */
export interface S3TargetOptions {
  /** Base domain for virtual-host style (`bucket.DOMAIN`). */
  readonly domain?: string | undefined;
  /** Proxies whose `X-Forwarded-Host/Proto` name the Host and scheme the client used. */
  readonly proxies: TrustedProxies;
}

/**
 * Sets the request's `target`: bucket and key as the client addressed them, path or virtual-host
 * style, which is the view its signature covers.
 *
 * @throws S3Error `InvalidURI` for a malformed percent-escape.
 */
export function s3Target(options: S3TargetOptions) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const origin = clientOrigin(c, options.proxies);
    c.set(
      'target',
      resolveTarget(rawRequestUrl(c), origin.host, {
        domain: options.domain,
        scheme: origin.scheme,
      }),
    );
    await next();
  });
}
