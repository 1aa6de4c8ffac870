import { S3HttpClient } from '../s3-http-client.js';
import { startStrata } from '../targets/start-strata.js';
import type { ColumnName, RunningTarget } from '../targets/target.js';
import { serializeGatewayConfig } from './gateway-config.js';

/** The bucket on the backend server that the gateway stores its blobs in. */
export const BACKEND_BUCKET = 'bench-gw-blobs';
/** The bucket on the backend server that the direct measurements use. */
export const DIRECT_BUCKET = 'bench-direct';
/** The virtual bucket on the gateway. */
export const GATEWAY_BUCKET = 'bench-gateway';

/** One backend server and the Strata gateway in front of it, both their own processes. */
export type BackendRig = {
  /** The result column: which server is the backend. */
  readonly column: ColumnName;
  /** The S3 server used as the backend, measured directly too. */
  readonly backend: RunningTarget;
  /** A Strata gateway whose only backend is `backend`. */
  readonly gateway: RunningTarget;
};

/** Options for {@link startBackendRig}. */
export type StartBackendRigOptions = {
  /** Profile the gateway (`node --cpu-prof`) into this directory. */
  readonly cpuProfileDir?: string;
};

/**
 * Creates the buckets on `backend` (the gateway's blob bucket and the direct bucket), starts a
 * Strata gateway with `backend` as its one `type: s3` backend, and creates the gateway's bucket.
 * The caller owns `backend`; the rig's `gateway` is stopped by its `close()`.
 */
export async function startBackendRig(
  column: ColumnName,
  backend: RunningTarget,
  options: StartBackendRigOptions = {},
): Promise<BackendRig> {
  await withClient(backend, async (c) => {
    await c.createBucket(BACKEND_BUCKET);
    await c.createBucket(DIRECT_BUCKET);
  });
  const gateway = await startStrata({
    config: serializeGatewayConfig(column, backend, BACKEND_BUCKET),
    label: `gateway-${column}`,
    ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: options.cpuProfileDir }),
  });
  try {
    await withClient(gateway, (c) => c.createBucket(GATEWAY_BUCKET));
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return { column, backend, gateway };
}

async function withClient<T>(t: RunningTarget, fn: (c: S3HttpClient) => Promise<T>): Promise<T> {
  const client = new S3HttpClient({ ...t, connections: 4 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
