import { notConfigured } from './internal/not-configured.js';

/** GetBucketOwnershipControls (`?ownershipControls`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketOwnershipControls = notConfigured('OwnershipControlsNotFoundError');
