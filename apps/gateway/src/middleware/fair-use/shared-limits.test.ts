import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAdmissionLimits } from '../../limits/admission-limits.js';
import { connectSharedStore } from '../../limits/shared-store.js';
import { useRedisTestServer } from '../../testing/redis-test-server.js';
import { createTestGateway, errorCode } from '../../testing/test-gateway.js';

const redis = await useRedisTestServer();

// Rates counted over a minute: no test depends on how fast the machine is.
const twoPerMinute = { points: 2, durationSec: 60 };

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  return { logger, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(redis.skip)(
  `limits shared through Redis (${redis.unreachable ?? redis.url})`,
  () => {
    beforeEach(redis.check);

    it('two gateway instances on one Redis share one rate limit, per address and per key', async () => {
      const { logger, warnings } = capturedLogger();
      // One namespace per run: the two instances share it, other runs do not.
      const keyPrefix = `strata-test:${randomUUID()}`;
      const instance = async () => {
        const store = await connectSharedStore(redis.url, logger);
        const limits = createAdmissionLimits({
          perAddress: { rate: twoPerMinute },
          perKey: { rate: { points: 3, durationSec: 60 } },
          store,
          keyPrefix,
        });
        const gw = await createTestGateway({ limits });
        const disposeGateway = gw[Symbol.asyncDispose];
        return Object.assign(gw, {
          [Symbol.asyncDispose]: async () => {
            await disposeGateway();
            await store.close();
          },
        });
      };
      await using a = await instance();
      await using b = await instance();
      const peer = '198.51.100.1';
      expect((await a.send({ path: '/', peer })).status).toBe(200);
      expect((await b.send({ path: '/', peer })).status).toBe(200);
      // Each instance saw one request from the address; together they saw two.
      const refused = await a.send({ path: '/', peer });
      expect(refused.status).toBe(503);
      expect(await errorCode(refused)).toBe('SlowDown');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await b.send({ path: '/', peer })).status).toBe(503);
      // The access key's budget (3) is shared too: two requests above, one more from elsewhere.
      expect((await b.send({ path: '/', peer: '198.51.100.2' })).status).toBe(200);
      const keyRefused = await a.send({ path: '/', peer: '198.51.100.3' });
      expect(await errorCode(keyRefused)).toBe('SlowDown');
      expect(warnings()).toEqual([]);
    });
  },
);

describe('limits with Redis unreachable', () => {
  it('still limits on each instance, and logs one warning for the outage', async () => {
    const { logger, warnings } = capturedLogger();
    await using store = await connectSharedStore(`redis://127.0.0.1:${await closedPort()}`, logger);
    const limits = createAdmissionLimits({
      perAddress: { rate: twoPerMinute },
      store,
      keyPrefix: `strata-test:${randomUUID()}`,
    });
    await using gw = await createTestGateway({ limits });
    const peer = '198.51.100.1';
    expect((await gw.send({ path: '/', peer })).status).toBe(200);
    expect((await gw.send({ path: '/', peer })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const refused = await gw.send({ path: '/', peer });
      expect(refused.status).toBe(503);
      expect(await errorCode(refused)).toBe('SlowDown');
    }
    expect((await gw.send({ path: '/', peer: '198.51.100.2' })).status).toBe(200);
    expect(store.down).toBe(true);
    expect(warnings()).toEqual([
      'redis unreachable: rate limits are counted per instance until it is back',
    ]);
  });
});
