import { S3Error, parseCreateBucketConfiguration } from '@strata/s3-xml';
import { bucketOf, type Handler } from './internal/handler.js';
import { readXmlBody } from './internal/xml-body.js';

/**
 * CreateBucket: name rules, `BucketAlreadyOwnedByYou`; an optional LocationConstraint must name
 * this gateway's region (`IllegalLocationConstraintException` otherwise).
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
  await deps.layer.createBucket({ name, owner: c.get('owner'), region: deps.region });
  deps.access.forget(name);
  c.header('location', `/${name}`);
  return c.body(null, 200);
};
