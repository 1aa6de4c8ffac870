import { notConfigured } from './internal/not-configured.js';

/** GetBucketTagging (`?tagging`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketTagging = notConfigured('NoSuchTagSet');
