import type { ObjectLock, ObjectLockMode } from '../types.js';

/** Serializes a JSON column. */
export function serializeJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON column written by {@link serializeJson}. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * Reads an integer column. PostgreSQL drivers hand `bigint` and `sum()` back as strings, SQLite as
 * numbers; sizes and millisecond times fit a double exactly.
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Turns SQL NULL into `undefined`, the optional-field convention of the domain types. */
export function optional<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/**
 * Reads a nullable JSON column (`encryption`) as an optional field named `name`: spread it into
 * the object, so a NULL leaves no key at all.
 */
export function jsonFieldOf<K extends string, T>(name: K, text: string | null): { [P in K]?: T } {
  return (text === null ? {} : { [name]: parseJson<T>(text) }) as { [P in K]?: T };
}

/** The nullable JSON column of an optional field: NULL when absent. */
export function jsonColumn(value: unknown): string | null {
  return value === undefined ? null : serializeJson(value);
}

/**
 * Reads a `tags` column as the optional `tags` field of a domain type: spread it into the
 * object, so a row without tags has no `tags` key at all (as records written without any).
 */
export function tagsOf(text: string): { tags?: Record<string, string> } {
  const tags = parseJson<Record<string, string>>(text);
  return Object.keys(tags).length > 0 ? { tags } : {};
}

/** How an {@link ObjectLock} is stored: the retain-until instant in epoch milliseconds. */
interface StoredLock {
  readonly mode?: ObjectLockMode;
  readonly until?: number;
  readonly hold?: boolean;
}

/**
 * The `object_lock` column of a version's lock: NULL when it has neither a retention nor a legal
 * hold status (a hold turned OFF is kept, so GetObjectLegalHold answers OFF, as S3 does).
 */
export function lockColumn(lock: ObjectLock | undefined): string | null {
  if (lock === undefined || (lock.retention === undefined && lock.legalHold === undefined)) {
    return null;
  }
  const stored: StoredLock = {
    ...(lock.retention === undefined
      ? {}
      : { mode: lock.retention.mode, until: lock.retention.retainUntil.getTime() }),
    ...(lock.legalHold === undefined ? {} : { hold: lock.legalHold }),
  };
  // Field order is fixed, so one lock always serializes to the same text (`setLock` compares it).
  return serializeJson(stored);
}

/**
 * Reads an `object_lock` column as the optional `lock` field of a record: spread it into the
 * object, so a version without one has no `lock` key at all.
 */
export function lockOf(text: string | null): { lock?: ObjectLock } {
  if (text === null) return {};
  const stored = parseJson<StoredLock>(text);
  return {
    lock: {
      ...(stored.mode === undefined || stored.until === undefined
        ? {}
        : { retention: { mode: stored.mode, retainUntil: new Date(stored.until) } }),
      ...(stored.hold === undefined ? {} : { legalHold: stored.hold }),
    },
  };
}
