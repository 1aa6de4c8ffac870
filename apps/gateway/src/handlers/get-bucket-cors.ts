import { notConfigured } from './internal/not-configured.js';

/** GetBucketCors (`?cors`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketCors = notConfigured('NoSuchCORSConfiguration');
