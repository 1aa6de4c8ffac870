import { DEFAULT_PUBLIC_ACCESS_BLOCK } from '@strata/object-layer';
import {
  OBJECT_OWNERSHIP_VALUES,
  S3Error,
  isS3Error,
  parseCreateBucketConfiguration,
  type ObjectOwnershipValue,
} from '@strata/s3-xml';
import { checkAclHeaders } from '../http/acl-headers.js';
import { headerIsTrue } from '../http/object-lock.js';
import { bucketOf, type Handler } from './internal/handler.js';
import { readXmlBody } from './internal/xml-body.js';

/**
 * The region where S3 answers CreateBucket of a bucket the caller already owns with 200 OK
 * instead of 409 BucketAlreadyOwnedByYou: "Amazon S3 returns this error in all Amazon Web
 * Services Regions except in the North Virginia Region. For legacy compatibility, if you
 * re-create an existing bucket that you already own in the North Virginia Region, Amazon S3
 * returns 200 OK" (S3 API reference, BucketAlreadyOwnedByYou).
 */
const LEGACY_RECREATE_REGION = 'us-east-1';

/**
 * CreateBucket: name rules; an optional LocationConstraint must name this gateway's region
 * (`IllegalLocationConstraintException` otherwise). A name the caller's tenant already owns is
 * 200 OK when the gateway's region is us-east-1 and 409 `BucketAlreadyOwnedByYou` in any other,
 * as S3 answers in that region; a name another tenant owns is 409 `BucketAlreadyExists`.
 * `x-amz-bucket-object-lock-enabled: true` creates it with Object Lock (and versioning) on.
 * `x-amz-object-ownership` sets its object ownership (default `BucketOwnerEnforced`, ACLs
 * disabled, as AWS creates buckets), and an ACL in the headers is checked against it.
 */
export const createBucket: Handler = async (c, deps) => {
  const name = bucketOf(c);
  const body = (await readXmlBody(c, deps)).toString('utf8');
  const config = body.trim() === '' ? {} : parseCreateBucketConfiguration(body);
  const constraint = config.locationConstraint;
  if (constraint !== undefined && constraint !== '' && constraint !== deps.region) {
    throw new S3Error('IllegalLocationConstraintException', {
      message: `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    });
  }
  const objectOwnership = objectOwnershipOf(c.req.header('x-amz-object-ownership'));
  checkAclHeaders((h) => c.req.header(h), {
    ownership: objectOwnership,
    publicAccessBlock: DEFAULT_PUBLIC_ACCESS_BLOCK,
    resource: 'bucket',
  });
  try {
    await deps.layer.createBucket({
      name,
      owner: c.get('owner'),
      region: deps.region,
      objectLockEnabled: headerIsTrue(c.req.header('x-amz-bucket-object-lock-enabled')),
      objectOwnership,
    });
  } catch (error) {
    const legacy =
      deps.region === LEGACY_RECREATE_REGION &&
      isS3Error(error) &&
      error.code === 'BucketAlreadyOwnedByYou';
    if (!legacy) throw error;
  }
  deps.access.forget(name);
  c.header('location', `/${name}`);
  return c.body(null, 200);
};

/**
 * The `x-amz-object-ownership` a CreateBucket asks for, `BucketOwnerEnforced` without one.
 *
 * @throws S3Error InvalidArgument for a value S3 does not have.
 */
function objectOwnershipOf(value: string | undefined): ObjectOwnershipValue {
  if (value === undefined) return 'BucketOwnerEnforced';
  const found = OBJECT_OWNERSHIP_VALUES.find((v) => v === value);
  if (found === undefined) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid x-amz-object-ownership header: ${value}`,
      extra: { ArgumentName: 'x-amz-object-ownership', ArgumentValue: value },
    });
  }
  return found;
}
