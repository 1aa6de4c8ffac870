import { CliUsageError } from './cli-errors.js';

/**
 * The last `/`-separated segment of a key: the file name a single download writes in a folder.
 *
 * @throws CliUsageError for a key whose name would escape the folder or name none (`..`, `.`,
 *   empty, NUL, a backslash).
 */
export function keyBaseName(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (name === '' || name === '.' || name === '..' || name.includes('\0') || name.includes('\\')) {
    throw new CliUsageError(
      `refusing key ${JSON.stringify(key)}: it names no file inside the target directory`,
    );
  }
  return name;
}
