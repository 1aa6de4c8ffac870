import { stat } from 'node:fs/promises';
import { TransferError } from '../transfer-error.js';

/** What identifies a file's content cheaply: its size and modification time. */
export interface FileState {
  size: number;
  mtimeMs: number;
}

/**
 * The size and mtime of a regular file.
 *
 * @throws TransferError `ENOT_FILE` when `path` is not a regular file; the `stat` error when it
 *   does not exist.
 */
export async function readFileState(path: string): Promise<FileState> {
  const s = await stat(path);
  if (!s.isFile()) throw new TransferError('ENOT_FILE', `${path} is not a regular file`);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/** Whether the file at `path` no longer has `before`'s size and mtime (or is gone). */
export async function hasChanged(path: string, before: FileState): Promise<boolean> {
  try {
    const now = await stat(path);
    return now.size !== before.size || now.mtimeMs !== before.mtimeMs;
  } catch {
    return true;
  }
}

/** The error for a file that changed while it was read. */
export function sourceChanged(path: string, key: string, cause?: unknown): TransferError {
  return new TransferError(
    'ESOURCE_CHANGED',
    `${path} changed (size or mtime) while it was uploaded to ${key}; nothing was committed`,
    { key, cause },
  );
}
