import { notConfigured } from './internal/not-configured.js';

/** GetBucketPolicy (`?policy`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketPolicy = notConfigured('NoSuchBucketPolicy');
