import { serializeListBuckets } from '@strata/s3-xml';
import { isListed } from '../auth/authorize.js';
import { xml, type Handler } from './internal/handler.js';
import { ownerOf } from './internal/owner.js';

/** ListBuckets: the caller's buckets, by name (those its key may reach). */
export const listBuckets: Handler = async (c, deps) => {
  const owner = c.get('owner');
  const scope = c.get('scope');
  const buckets = (await deps.layer.listBuckets(owner)).filter((b) => isListed(scope, b));
  return xml(
    c,
    serializeListBuckets({
      owner: ownerOf(owner),
      buckets: buckets.map((b) => ({ name: b.name, creationDate: b.createdAt, region: b.region })),
    }),
  );
};
