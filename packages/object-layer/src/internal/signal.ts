/** `{ signal }` when the input has one, `{}` otherwise (so optional properties stay absent). */
export function signalOf(input: { readonly signal?: AbortSignal | undefined }): {
  signal?: AbortSignal;
} {
  return input.signal ? { signal: input.signal } : {};
}
