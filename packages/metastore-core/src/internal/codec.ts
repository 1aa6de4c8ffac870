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
