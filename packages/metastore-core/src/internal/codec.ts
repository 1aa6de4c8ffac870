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
