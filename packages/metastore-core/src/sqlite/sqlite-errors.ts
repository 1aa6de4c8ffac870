import { MetastoreBusyError, MetastoreUnavailableError } from '../errors.js';

// SQLite result codes (https://www.sqlite.org/rescode.html); better-sqlite3 reports the extended
// code as a string, e.g. SQLITE_BUSY_SNAPSHOT, so these match by prefix.
const BUSY_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED'] as const;
const UNAVAILABLE_CODES = [
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
  'SQLITE_READONLY',
  'SQLITE_PROTOCOL',
  'SQLITE_PERM',
  'SQLITE_NOLFS',
] as const;
// Thrown by better-sqlite3 and kysely, without a code, once the connection is gone.
const CLOSED_MESSAGES = [
  'database connection is not open',
  'driver has already been destroyed',
] as const;

/** True when `error` is SQLite's "database is locked/busy". */
export function isSqliteBusy(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && BUSY_CODES.some((c) => code.startsWith(c));
}

/**
 * Maps a better-sqlite3 error to {@link MetastoreBusyError} or {@link MetastoreUnavailableError};
 * other errors (constraint violations, our own typed errors) pass through unchanged.
 */
export function mapSqliteError(error: unknown): unknown {
  if (error instanceof MetastoreBusyError || error instanceof MetastoreUnavailableError)
    return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (isSqliteBusy(error))
    return new MetastoreBusyError(`SQLite is busy: ${message}`, { cause: error });
  if (code !== undefined && UNAVAILABLE_CODES.some((c) => code.startsWith(c))) {
    return new MetastoreUnavailableError(`SQLite failed: ${message}`, { cause: error });
  }
  if (CLOSED_MESSAGES.some((m) => message.includes(m))) {
    return new MetastoreUnavailableError(`SQLite is closed: ${message}`, { cause: error });
  }
  return error;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
