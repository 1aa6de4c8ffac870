import { notConfigured } from './internal/not-configured.js';

/** GetObjectLockConfiguration (`?object-lock`): Strata keeps none, so every bucket answers as one without it. */
export const getObjectLockConfiguration = notConfigured('ObjectLockConfigurationNotFoundError');
