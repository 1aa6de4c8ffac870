/**
 * Runs `action` with its own AbortSignal (linked to the caller's `signal`) and rejects with
 * `onTimeout()` when it has not settled within `timeoutMs`; the action is aborted then, so a
 * driver stops its work instead of finishing it for nobody. A value that arrives after the
 * timeout is handed to `late` (a stream must be destroyed, not leaked).
 */
export function withTimeout<T>(
  action: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  onTimeout: () => Error,
  late?: (value: T) => void,
): Promise<T> {
  const controller = new AbortController();
  // Linked by hand rather than with AbortSignal.any, which costs a weak registration per call on
  // Node 20 (measurable on small GETs). The listener lives as long as the caller's signal: a GET
  // stream keeps honouring an abort after this call has returned it.
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  const linked = controller.signal;
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      const err = onTimeout();
      controller.abort(err);
      reject(err);
    }, timeoutMs);
    action(linked).then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) late?.(value);
        else resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        // After a timeout the promise is already rejected; the late error is the abort's echo.
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
