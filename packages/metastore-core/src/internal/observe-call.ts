import type { MetaStoreCallEnd } from '../meta-store-call.js';

/**
 * Runs `run` and, when there is an `end` (what a call observer returned as the call started),
 * tells it how the call settled, once. Without one it is just `run()`.
 */
export function observeCall<T>(
  end: MetaStoreCallEnd | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (end === undefined) return run();
  return run().then(
    (value) => {
      end(undefined);
      return value;
    },
    (error: unknown) => {
      end(error);
      throw error;
    },
  );
}
