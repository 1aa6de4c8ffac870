import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { CliUsageError } from './cli-errors.js';

// `C:\x`, `C:/x`, `\\server\share`: on POSIX these are odd file names, almost always a path
// pasted from Windows; refusing them beats writing a file literally named `C:\x`.
const WINDOWS_PATH = /^[A-Za-z]:[\\/]|^[A-Za-z]:$|\\/;

/**
 * Checks a local path given on the command line.
 *
 * @throws CliUsageError for a Windows-style path (drive letter, backslashes).
 */
export function checkLocalPath(path: string): string {
  if (path === '') throw new CliUsageError('empty local path');
  if (WINDOWS_PATH.test(path)) {
    throw new CliUsageError(
      `refusing Windows-style path ${JSON.stringify(path)}: use a POSIX path with / separators`,
    );
  }
  return path;
}

/** The file system entry at `path`, or undefined when there is none. */
export async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The entry at a source path, which must exist.
 *
 * @throws CliUsageError when it does not.
 */
export async function statSource(path: string): Promise<Stats> {
  const stats = await statOrUndefined(checkLocalPath(path));
  if (stats === undefined)
    throw new CliUsageError(`the local path ${JSON.stringify(path)} does not exist`);
  return stats;
}
