import { join } from 'node:path';
import { TransferError } from '../transfer-error.js';

/**
 * The local path of the object `key` under `root`: what follows `prefix`, one folder per `/`.
 * Returns undefined for a folder marker (a key ending in `/`, the prefix's own included).
 *
 * @throws TransferError `EUNSAFE_KEY` for a key that would leave `root` or name no file (`..`
 *   or `.` segments, empty segments, a leading `/`, NUL).
 */
export function localPathFor(root: string, prefix: string, key: string): string | undefined {
  const rel = key.slice(prefix.length);
  if (rel === '' || rel.endsWith('/')) return undefined;
  const segments = rel.split('/');
  const unsafe = segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'));
  if (unsafe || (process.platform === 'win32' && rel.includes('\\'))) {
    throw new TransferError('EUNSAFE_KEY', `key ${JSON.stringify(key)} is not a safe path`, {
      key,
    });
  }
  return join(root, ...segments);
}
