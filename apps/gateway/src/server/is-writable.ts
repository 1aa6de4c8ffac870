import { access, constants } from 'node:fs/promises';
import type { BackendPool, FsBackend } from '@strata/backend-pool';

/**
 * Whether some backend takes writes now: active, circuit not open, and (a local directory) its
 * root writable. Readiness: a gateway none of whose backends can take a write is not ready.
 */
export async function isWritable(
  pool: BackendPool,
  directories: readonly FsBackend[],
): Promise<boolean> {
  for (const member of pool.members()) {
    if (member.state !== 'active' || member.circuit === 'open') continue;
    const dir = directories.find((d) => d.name === member.name);
    if (dir === undefined) return true;
    try {
      await access(dir.root, constants.W_OK);
      return true;
    } catch {
      // Not this one; try the next.
    }
  }
  return false;
}
