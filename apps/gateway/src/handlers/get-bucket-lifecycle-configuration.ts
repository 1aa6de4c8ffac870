import { notConfigured } from './internal/not-configured.js';

/** GetBucketLifecycleConfiguration (`?lifecycle`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketLifecycleConfiguration = notConfigured('NoSuchLifecycleConfiguration');
