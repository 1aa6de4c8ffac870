import { notConfigured } from './internal/not-configured.js';

/** GetBucketWebsite (`?website`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketWebsite = notConfigured('NoSuchWebsiteConfiguration');
