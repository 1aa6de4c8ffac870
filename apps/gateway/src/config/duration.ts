/** Units accepted in duration strings, in milliseconds. */
const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a duration such as `30s`, `5m`, `1h30m`, `7d` or a bare number of milliseconds.
 * Returns `undefined` when the text is not a duration.
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = trimmed.match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g);
  if (!parts || parts.join('') !== trimmed) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, value, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part)!;
    total += Number(value) * UNITS[unit as keyof typeof UNITS];
  }
  return total;
}
