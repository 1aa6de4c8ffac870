import type { ClientContext } from '../internal/client-context.js';
import { readXml } from '../internal/read-xml.js';
import { send } from '../internal/send.js';
import { childText, childrenOf } from '../internal/xml.js';
import type { CallOptions } from '../types.js';

/** One bucket of a ListBuckets reply. */
export interface ListedBucket {
  name: string;
  creationDate: Date | undefined;
}

/** ListBuckets: every bucket the credentials own (one reply; the service's own cap applies). */
export async function listBuckets(
  ctx: ClientContext,
  options: CallOptions = {},
): Promise<ListedBucket[]> {
  return send(ctx, { method: 'GET', idempotent: true, signal: options.signal }, async (res) => {
    const root = await readXml(res, 'ListAllMyBucketsResult');
    return childrenOf(root, 'Buckets').flatMap((buckets) =>
      childrenOf(buckets, 'Bucket').map((node) => {
        const created = childText(node, 'CreationDate');
        return {
          name: childText(node, 'Name') ?? '',
          creationDate: created === undefined ? undefined : new Date(created),
        };
      }),
    );
  });
}
