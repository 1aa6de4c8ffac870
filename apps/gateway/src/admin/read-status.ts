import type { DialectCapabilities } from '@strata/metastore-core';
import { VERSION } from '../version.js';
import type { AdminSources } from './admin-sources.js';

/** `GET /admin/v1/status`. */
export interface AdminStatus {
  readonly version: string;
  readonly instanceId: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly metastore: {
    readonly dialect: DialectCapabilities['dialect'];
    readonly reachable: boolean;
    /** Why the ping failed; `null` when it answered. */
    readonly error: string | null;
  };
}

/** How long the metastore may take to answer the status ping before it counts as unreachable. */
const PING_TIMEOUT_MS = 2_000;

async function ping(sources: AdminSources): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
      PING_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([sources.store.ping(), timeout]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/** The gateway's version, identity, uptime, and whether its metastore answers now. */
export async function readStatus(sources: AdminSources): Promise<AdminStatus> {
  const now = (sources.now ?? Date.now)();
  const error = await ping(sources);
  return {
    version: VERSION,
    instanceId: sources.instanceId,
    startedAt: new Date(sources.startedAt).toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now - sources.startedAt) / 1000)),
    metastore: { dialect: sources.store.capabilities.dialect, reachable: error === null, error },
  };
}
