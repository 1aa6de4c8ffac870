import type { S3Client } from '@strata/s3-client';
import type { AdaptiveTimeout } from '../adaptive-timeout.js';
import type { RequestEvent } from '../progress.js';
import type { ResolvedTransferEngineConfig } from '../transfer-engine-config.js';
import type { Semaphore } from './semaphore.js';

/** What every operation of the engine shares. */
export interface EngineContext {
  readonly client: S3Client;
  readonly config: ResolvedTransferEngineConfig;
  /** Request slots, `concurrency` of them. */
  readonly requests: Semaphore;
  /** Upload bytes in flight, `maxInFlightBytes`. */
  readonly bytes: Semaphore;
  readonly timeouts: AdaptiveTimeout;
  readonly onRequest: ((event: RequestEvent) => void) | undefined;
}
