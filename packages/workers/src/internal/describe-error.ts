/** Longest error message kept on a job row. */
export const MAX_ERROR_CHARS = 1000;

/** An error as a job row keeps it: `CODE: message` when it has a string code. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
}
