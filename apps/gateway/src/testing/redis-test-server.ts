import { Redis } from 'ioredis';

/** Where the Redis tests connect: `STRATA_TEST_REDIS_URL`, or the machine's own server. */
export const REDIS_TEST_URL = process.env.STRATA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The Redis of a test file, and why it cannot be used (`undefined` when it answered). */
export interface RedisTestServer {
  readonly url: string;
  readonly unreachable: string | undefined;
  /** Skip the tests that need Redis: it is unreachable and `CI` is not set. */
  readonly skip: boolean;
  /** Throws when Redis is unreachable: a `beforeEach` of the tests that need it. */
  readonly check: () => void;
}

/**
 * Probes Redis at {@link REDIS_TEST_URL}. Call at the top level of a test file, then wrap the
 * tests that need Redis in `describe.skipIf(redis.skip)` with `beforeEach(redis.check)`: when
 * Redis does not answer they fail with `CI` set, and are skipped (saying why) without it.
 */
export async function useRedisTestServer(): Promise<RedisTestServer> {
  const client = new Redis(REDIS_TEST_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  let unreachable: string | undefined;
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    unreachable = error instanceof Error ? error.message || String(error) : String(error);
  } finally {
    client.disconnect();
  }
  return {
    url: REDIS_TEST_URL,
    unreachable,
    skip: unreachable !== undefined && !process.env.CI,
    check: () => {
      if (unreachable !== undefined) {
        throw new Error(`Redis at ${REDIS_TEST_URL} is unreachable and CI is set: ${unreachable}`);
      }
    },
  };
}
