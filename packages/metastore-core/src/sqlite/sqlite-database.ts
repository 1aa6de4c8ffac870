import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { MetastoreUnavailableError } from '../errors.js';

/**
 * The part of a better-sqlite3 `Database` the store uses (kysely's `SqliteDatabase`): typed
 * structurally so that better-sqlite3 stays an optional peer dependency.
 */
export type BetterSqlite3DatabaseLike = SqliteDatabase;

/** True for names SQLite treats as a private in-memory or temporary database (no file to create). */
function isMemoryName(filename: string): boolean {
  return filename === '' || filename === ':memory:' || filename.startsWith('file:');
}

/**
 * Opens (creating it and its directory when missing) a database file with better-sqlite3, loaded
 * on demand.
 *
 * @throws {@link MetastoreUnavailableError} when better-sqlite3 is not installed or the file
 *   cannot be opened.
 */
export async function openSqliteFile(
  filename: string,
  busyTimeoutMs: number,
): Promise<BetterSqlite3DatabaseLike> {
  let driver: typeof BetterSqlite3;
  try {
    driver = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new MetastoreUnavailableError(
      'opening a SQLite file needs better-sqlite3: npm install better-sqlite3',
      {
        cause: error,
      },
    );
  }
  try {
    if (!isMemoryName(filename)) await mkdir(dirname(filename), { recursive: true });
    return new driver(filename, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new MetastoreUnavailableError(`cannot open SQLite database ${filename}`, {
      cause: error,
    });
  }
}
