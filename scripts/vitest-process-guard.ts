/**
 * Test setup for every vitest project: an `uncaughtException` or `unhandledRejection` while a
 * test runs fails that test, naming the error. In production either one stops the gateway
 * (Node's default), so a test that provokes one has found a crash, whatever its assertions say.
 */
import { afterEach } from 'vitest';

const escaped: unknown[] = [];
const record = (error: unknown) => {
  escaped.push(error);
};

process.on('uncaughtException', record);
process.on('unhandledRejection', record);

afterEach(async () => {
  // Errors emitted in the ticks right after a test's last await still belong to it.
  await new Promise((resolve) => setImmediate(resolve));
  if (escaped.length === 0) return;
  const errors = escaped.splice(0);
  throw new AggregateError(
    errors,
    `the process would have crashed: ${errors.length} uncaught error(s): ${errors
      .map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)))
      .join('; ')}`,
  );
});
