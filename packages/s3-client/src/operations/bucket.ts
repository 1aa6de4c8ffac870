import type { ClientContext } from '../internal/client-context.js';
import { drain } from '../internal/read-text.js';
import { RequestBody } from '../internal/request-body.js';
import { send } from '../internal/send.js';
import type { CallOptions } from '../types.js';

/**
 * CreateBucket. Outside `us-east-1` the region goes in a `CreateBucketConfiguration` body,
 * as S3 requires.
 */
export async function createBucket(
  ctx: ClientContext,
  bucket: string,
  options: CallOptions = {},
): Promise<void> {
  const region = ctx.config.region;
  const body =
    region === 'us-east-1'
      ? undefined
      : new RequestBody(
          Buffer.from(
            `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`,
          ),
        );
  await send(
    ctx,
    {
      method: 'PUT',
      bucket,
      ...(body === undefined ? {} : { body }),
      idempotent: true,
      signal: options.signal,
    },
    (res) => drain(res.body),
  );
}

/** DeleteBucket (the bucket must be empty). */
export async function deleteBucket(
  ctx: ClientContext,
  bucket: string,
  options: CallOptions = {},
): Promise<void> {
  await send(ctx, { method: 'DELETE', bucket, idempotent: true, signal: options.signal }, (res) =>
    drain(res.body),
  );
}
