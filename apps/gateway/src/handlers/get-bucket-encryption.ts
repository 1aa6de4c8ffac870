import { notConfigured } from './internal/not-configured.js';

/** GetBucketEncryption (`?encryption`): Strata keeps none, so every bucket answers as one without it. */
export const getBucketEncryption = notConfigured('ServerSideEncryptionConfigurationNotFoundError');
