import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';

/**
 * The answers to a HEAD of a bucket that carry `x-amz-bucket-region`. S3 tells a HeadBucket
 * caller the bucket's region "regardless of the permissions on the bucket" (S3 API reference,
 * HeadBucket): on 200, on 403 (a key of another account, a bad signature, no signature), on 301
 * and on the body-less 400 a request signed for the wrong region gets, which the SDKs read to
 * re-sign for the right region (botocore's `S3RegionRedirector`, `is_special_head_bucket`).
 * Never on 404: there is no bucket to name a region for.
 */
const REGION_STATUSES: ReadonlySet<number> = new Set([200, 301, 400, 403]);

/**
 * Puts `x-amz-bucket-region: <region>` on the answers to a HEAD of a bucket listed in
 * {@link REGION_STATUSES}, whichever middleware or handler produced them (authentication and
 * authorization failures are rendered before any handler runs). Every bucket of a gateway is
 * served in its configured region, so the header names that region without a metastore lookup,
 * and a 403 for a bucket that does not exist says nothing a 403 for one that does would not.
 * Runs after the target is resolved and wraps everything after it.
 */
export function bucketRegion(region: string) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    await next();
    const target = c.get('target');
    if (c.req.method !== 'HEAD' || target.bucket === undefined || target.key !== undefined) return;
    if (REGION_STATUSES.has(c.res.status)) c.res.headers.set('x-amz-bucket-region', region);
  });
}
