import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Statements kept prepared per database (the store's queries are a few dozen shapes). */
const DEFAULT_CAPACITY = 256;

/**
 * `database` with its prepared statements kept and reused by SQL text: kysely's SQLite driver
 * calls `prepare()` for every query, and preparing was 10–12 % of the gateway's CPU on small
 * PUTs and GETs (bench `backends`, profiled). SQLite re-prepares a kept statement by itself if
 * the schema changes. Least recently used statements beyond `capacity` are dropped (queries with
 * `IN` lists of varying length have many texts). Safe because the store never streams results
 * (`iterate`), so no statement is in use by two queries at once.
 */
export function withStatementCache(
  database: SqliteDatabase,
  capacity = DEFAULT_CAPACITY,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= capacity) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      } else {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
