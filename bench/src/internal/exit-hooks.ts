const hooks = new Set<() => void>();

/**
 * Registers a synchronous cleanup to run if the bench exits abnormally (for processes that are
 * not our children, such as a daemonized radosgw). Returns a function that unregisters it.
 */
export function addExitHook(hook: () => void): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every registered hook once, swallowing errors (we are already exiting). */
export function runExitHooks(): void {
  for (const hook of [...hooks]) {
    hooks.delete(hook);
    try {
      hook();
    } catch {
      // Exiting anyway; one failed cleanup must not prevent the others.
    }
  }
}
