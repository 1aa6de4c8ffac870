import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ObjectLayer } from '@strata/object-layer';
import { S3Error, isS3Error } from '@strata/s3-xml';
import type { AccessControl } from '../../auth/access-control.js';
import { authorize, type AccessCheck } from '../../auth/authorize.js';
import { conditionContext } from './condition-context.js';
import { requestChecks } from './request-checks.js';
import type { GatewayEnv } from '../../env.js';
import { parseCopySource } from '../../http/copy-source.js';
import { clientAddress } from '../../http/request-headers.js';
import type { TrustedProxies } from '../../http/trusted-proxies.js';
import { resolveOperation } from '../../routing/resolve-operation.js';

/** What {@link authorizeRequest} consults. */
export interface AuthorizeRequestOptions {
  readonly access: AccessControl;
  /** Reads an object's tags when a policy has an `s3:ExistingObjectTag/<key>` condition. */
  readonly layer: ObjectLayer;
  /** Proxies whose `X-Forwarded-For` names the client address (`aws:SourceIp`). */
  readonly proxies: TrustedProxies;
}

/**
 * Names the S3 operation from the operation table (501 NotImplemented for one Strata does not
 * serve) and checks every permission the request needs ({@link requestChecks}) against the
 * caller's rights and the bucket's policy ({@link authorize}). Sets `authorize` for handlers
 * that check more once they have read the body: DeleteObjects per key, POST Object once its
 * form names the key (rows `authorizedBy: 'handler'`).
 */
export function authorizeRequest(options: AuthorizeRequestOptions) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const target = c.get('target');
    const copySource = c.req.header('x-amz-copy-source');
    const operation = resolveOperation(c.req.method, target, copySource);
    if (!operation) {
      throw new S3Error('NotImplemented', {
        message: 'A header or query you provided requested a function that is not implemented.',
      });
    }
    c.set('operation', operation.name);
    c.set('sourceIp', clientAddress(c, options.proxies));
    const check = (checks: readonly AccessCheck[], authType?: 'POST') =>
      authorizeChecks(c, options, checks, authType);
    c.set('authorize', check);
    if (operation.authorizedBy !== 'handler') {
      await check(requestChecks(operation, target, c.req.raw.headers));
    }
    const sourceBucket =
      copySource !== undefined && operation.sourcePermission !== undefined
        ? parseCopySource(copySource).bucket
        : undefined;
    await checkExpectedOwners(c, options.access, sourceBucket);
    // What the request creates belongs to its bucket's owner (S3's BucketOwnerEnforced), which
    // is also who a listing names as the owner of what is in it.
    // The bucket's lifecycle rules and versioning ride along in the same cached lookup, for
    // `x-amz-expiration` and a read's `x-amz-version-id: null`.
    if (target.bucket !== undefined && operation.name !== 'CreateBucket') {
      const bucket = await options.access.bucketAccess(target.bucket).catch(() => undefined);
      if (bucket !== undefined) c.set('owner', bucket.owner);
      if (bucket?.lifecycle !== undefined) c.set('lifecycle', bucket.lifecycle);
      if (bucket?.versioned === true) c.set('versioned', true);
    }
    await next();
  });
}

async function authorizeChecks(
  c: Context<GatewayEnv>,
  options: AuthorizeRequestOptions,
  checks: readonly AccessCheck[],
  authType: 'POST' | undefined,
): Promise<void> {
  const scope = c.get('scope');
  await authorize(options.access, scope, {
    checks,
    context: conditionContext({
      target: c.get('target'),
      headers: c.req.raw.headers,
      sourceIp: c.get('sourceIp'),
      auth: c.get('auth'),
      authType,
    }),
    existingTags: async ({ bucket, key, versionId }) => {
      if (bucket === undefined || key === undefined) return undefined;
      try {
        const { tags } = await options.layer.getObjectTagging({ bucket, key, versionId });
        return Object.fromEntries(tags.map((t) => [t.key, t.value]));
      } catch (error) {
        // No such object (or version): the key is absent, as on S3.
        if (isS3Error(error) && error.status === 404) return undefined;
        throw error;
      }
    },
  });
}

/**
 * `x-amz-expected-bucket-owner` (and `x-amz-source-expected-bucket-owner` for a copy source):
 * a client that names the account it expects gets 403 AccessDenied from a bucket of any other
 * account, as on S3, so a bucket deleted and re-created by someone else never receives its data.
 *
 * @throws S3Error AccessDenied
 */
async function checkExpectedOwners(
  c: Context<GatewayEnv>,
  access: AccessControl,
  copySourceBucket: string | undefined,
): Promise<void> {
  const expectations: [string | undefined, string | undefined][] = [
    [c.get('target').bucket, c.req.header('x-amz-expected-bucket-owner')],
    [copySourceBucket, c.req.header('x-amz-source-expected-bucket-owner')],
  ];
  for (const [bucket, expected] of expectations) {
    if (bucket === undefined || expected === undefined) continue;
    const owner = await access.bucketOwner(bucket);
    if (owner !== undefined && access.accountOf(owner) !== expected) {
      throw new S3Error('AccessDenied', { message: 'Access Denied' });
    }
  }
}
