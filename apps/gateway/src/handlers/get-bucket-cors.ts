import { serializeCorsConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/** GetBucketCors (`?cors`): the bucket's CORS rules; NoSuchCORSConfiguration when it has none. */
export const getBucketCors: Handler = async (c, deps) =>
  xml(c, serializeCorsConfiguration(await deps.layer.getBucketCors(bucketOf(c))));
