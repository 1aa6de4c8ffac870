import type { ObjectBackend } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import { UnknownBackendError } from '../errors.js';
import type { ChecksumFunctions, ObjectLayerConfig } from '../types.js';

/** Everything an operation needs, resolved once from {@link ObjectLayerConfig}. */
export interface LayerContext {
  readonly store: MetaStore;
  readonly backends: readonly ObjectBackend[];
  readonly region: string;
  readonly intentTtlMs: number;
  readonly now: () => Date;
  /** Injected checksum primitives, when configured. */
  readonly checksums: ChecksumFunctions | undefined;
  /** The configured backend of this name. @throws UnknownBackendError */
  backend(name: string): ObjectBackend;
}

const DEFAULT_INTENT_TTL_MS = 60 * 60 * 1000;

/** Builds the shared context; validates the config. */
export function createLayerContext(config: ObjectLayerConfig): LayerContext {
  const byName = new Map<string, ObjectBackend>();
  for (const backend of config.backends) {
    if (byName.has(backend.name)) throw new TypeError(`duplicate backend name: ${backend.name}`);
    byName.set(backend.name, backend);
  }
  const intentTtlMs = config.intentTtlMs ?? DEFAULT_INTENT_TTL_MS;
  if (!(intentTtlMs > 0)) throw new TypeError(`intentTtlMs must be positive: ${intentTtlMs}`);
  return {
    store: config.store,
    backends: config.backends,
    region: config.region,
    intentTtlMs,
    now: config.now ?? (() => new Date()),
    checksums: config.checksums,
    backend(name) {
      const found = byName.get(name);
      if (!found) throw new UnknownBackendError(name);
      return found;
    },
  };
}
