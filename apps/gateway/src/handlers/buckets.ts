import {
  S3Error,
  parseCreateBucketConfiguration,
  serializeListBuckets,
  serializeLocationConstraint,
  serializeVersioningConfiguration,
} from '@strata/s3-xml';
import { isListed } from '../auth/authorize.js';
import { readSmallBody } from '../http/request-body.js';
import { bucketOf, xml, type Handler } from './handler.js';

/** ListBuckets: the caller's buckets, by name. */
export const listBuckets: Handler = async (c, deps) => {
  const owner = c.get('owner');
  const scope = c.get('scope');
  const buckets = (await deps.layer.listBuckets(owner)).filter((b) => isListed(scope, b));
  return xml(
    c,
    serializeListBuckets({
      owner: { id: owner, displayName: 'strata' },
      buckets: buckets.map((b) => ({ name: b.name, creationDate: b.createdAt, region: b.region })),
    }),
  );
};

/**
 * CreateBucket: name rules, `BucketAlreadyOwnedByYou`; an optional LocationConstraint must name
 * this gateway's region (`IllegalLocationConstraintException` otherwise).
 */
export const createBucket: Handler = async (c, deps) => {
  const name = bucketOf(c);
  const body = (await readSmallBody(c, deps.maxXmlBody ?? 1 << 20)).toString('utf8');
  const config = body.trim() === '' ? {} : parseCreateBucketConfiguration(body);
  const constraint = config.locationConstraint;
  if (constraint !== undefined && constraint !== '' && constraint !== deps.region) {
    throw new S3Error('IllegalLocationConstraintException', {
      message: `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    });
  }
  await deps.layer.createBucket({ name, owner: c.get('owner'), region: deps.region });
  deps.access.forget(name);
  c.header('location', `/${name}`);
  return c.body(null, 200);
};

/** HeadBucket: 200 with `x-amz-bucket-region`, or 404/403 with headers only. */
export const headBucket: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  c.header('x-amz-bucket-region', bucket.region);
  return c.body(null, 200);
};

/** DeleteBucket: `BucketNotEmpty` unless empty. */
export const deleteBucket: Handler = async (c, deps) => {
  const name = bucketOf(c);
  await deps.layer.deleteBucket(name);
  deps.access.forget(name);
  return c.body(null, 204);
};

/** GetBucketLocation: empty for us-east-1, as AWS answers. */
export const getBucketLocation: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(c, serializeLocationConstraint(bucket.region));
};

/** GetBucketVersioning: buckets are never versioned yet, so the configuration is empty. */
export const getBucketVersioning: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(
    c,
    serializeVersioningConfiguration(
      bucket.versioning === 'Unversioned' ? undefined : bucket.versioning,
    ),
  );
};
