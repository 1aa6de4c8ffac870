import { readProcCpuSeconds } from '../internal/proc-stats.js';
import { measure } from '../measure.js';
import type { RunningTarget } from '../targets/target.js';
import type { BackendRig } from './backend-rig.js';
import { DIRECT_BUCKET, GATEWAY_BUCKET } from './backend-rig.js';

/** How a measurement reaches the backend server: straight, or through the Strata gateway. */
export const PATH_KINDS = ['direct', 'gateway'] as const;

/** One of {@link PATH_KINDS}. */
export type PathKind = (typeof PATH_KINDS)[number];

/** Where a measurement sends its requests. */
export type Path = {
  readonly kind: PathKind;
  /** The server the client talks to. */
  readonly target: RunningTarget;
  readonly bucket: string;
  /** The backend server's process (the target itself when direct). */
  readonly backendPid: number;
};

/** The two paths of a rig. */
export function pathOf(rig: BackendRig, kind: PathKind): Path {
  return kind === 'direct'
    ? { kind, target: rig.backend, bucket: DIRECT_BUCKET, backendPid: rig.backend.pid }
    : { kind, target: rig.gateway, bucket: GATEWAY_BUCKET, backendPid: rig.backend.pid };
}

/** One timed phase (a large PUT, 1000 small GETs, …) and what it cost each process. */
export type PhaseSample = {
  readonly wallS: number;
  /** CPU seconds of the bench process (the load generator). */
  readonly clientCpuS: number;
  /** CPU seconds of the server the client talks to (the gateway, or the backend when direct). */
  readonly serverCpuS: number;
  /** CPU seconds of the backend server (equal to `serverCpuS` when direct). */
  readonly backendCpuS: number;
  /** Peak VmRSS of the server the client talks to during the phase, MiB. */
  readonly serverPeakRssMiB: number;
};

/**
 * Runs `fn` under {@link measure} of the path's server, and also reads the backend server's
 * CPU around it: through the gateway both processes work for every request.
 */
export async function samplePhase<T>(
  path: Path,
  fn: () => Promise<T>,
): Promise<{ result: T; sample: PhaseSample }> {
  const backend0 = readProcCpuSeconds(path.backendPid) ?? 0;
  const m = await measure(path.target.pid, fn);
  const backendCpuS =
    path.kind === 'direct'
      ? m.serverCpuS
      : (readProcCpuSeconds(path.backendPid) ?? backend0) - backend0;
  const { wallS, clientCpuS, serverCpuS, serverPeakRssMiB } = m;
  return {
    result: m.result,
    sample: { wallS, clientCpuS, serverCpuS, backendCpuS, serverPeakRssMiB },
  };
}

/** A phase's side measurements as result extras. */
export function phaseExtras(s: PhaseSample): Record<string, number> {
  return {
    serverCpuS: s.serverCpuS,
    backendCpuS: s.backendCpuS,
    clientCpuS: s.clientCpuS,
    serverPeakRssMiB: s.serverPeakRssMiB,
  };
}
