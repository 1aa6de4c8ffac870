import { serializeTagging } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/** GetBucketTagging (`?tagging`): the bucket's tag set; NoSuchTagSet when it has none. */
export const getBucketTagging: Handler = async (c, deps) =>
  xml(c, serializeTagging(await deps.layer.getBucketTagging(bucketOf(c))));
