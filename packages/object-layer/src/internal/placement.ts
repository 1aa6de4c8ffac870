import type { ObjectBackend } from '@strata/backend-pool';
import { NoWritableBackendError } from '../errors.js';

/** What is being written, for placement decisions. */
export interface PlacementRequest {
  readonly bucket: string;
  readonly key: string;
  /** Declared size, when known. */
  readonly size?: number | undefined;
}

/**
 * Chooses the backend a new blob goes to. For now: the first configured backend. This is the one
 * seam the multi-backend placement (pack/spread, health, quotas) replaces.
 *
 * @throws NoWritableBackendError when no backend is configured.
 */
export function placeWrite(
  backends: readonly ObjectBackend[],
  _request: PlacementRequest,
): ObjectBackend {
  const backend = backends[0];
  if (!backend) throw new NoWritableBackendError();
  return backend;
}
