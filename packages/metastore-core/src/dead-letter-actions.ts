/**
 * What an operator does with a queue's dead letters (jobs given up on after their last attempt),
 * once the cause is known: every queue (cleanup, replication, outbox) has them.
 */
export interface DeadLetterActions {
  /**
   * Moves dead-lettered jobs (every one, or those of `ids`) back to pending, due at once and with
   * their attempts reset, keeping `lastError`: a redrive after the cause was fixed (a backend
   * back, a credential corrected). Jobs that are not dead are left alone. Resolves how many moved.
   */
  retryDead(ids?: readonly number[]): Promise<number>;
  /**
   * Deletes dead-lettered jobs (every one, or those of `ids`); jobs that are not dead are left
   * alone. Resolves how many went. What they were for is given up for good: a purged cleanup
   * job's blob stays on its backend, unaccounted.
   */
  purgeDead(ids?: readonly number[]): Promise<number>;
}
