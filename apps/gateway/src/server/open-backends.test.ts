import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyUsageStore } from '@strata/backend-pool';
import { validateConfig } from '../config/load-config.js';
import { openBackends } from './open-backends.js';

/** No monthly limits are configured: nothing is recorded. */
const usage: MonthlyUsageStore = {
  add: () => Promise.resolve(),
  month: () => Promise.resolve({}),
};

describe('openBackends: an S3 backend that stops answering', () => {
  // Accepts connections and reads every byte, never answers: a backend that hangs.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  const open = (breaker: Record<string, unknown>) =>
    openBackends(
      validateConfig({
        backends: [
          {
            name: 'hung',
            type: 's3',
            endpoint,
            bucket: 'b-1',
            access_key_id: 'AK',
            secret_access_key: 'SK',
          },
        ],
        breaker,
      }),
      '/nonexistent',
      usage,
      pino({ level: 'silent' }),
    );

  it('fails a put after breaker.timeout (time to first byte), not the client default 30 s', async () => {
    const { pool } = await open({ timeout: '300ms' });
    try {
      const started = performance.now();
      const body = Readable.from([Buffer.from('hello')]);
      await expect(
        pool.get('hung')!.backend.put('bucket/key@01J', body, { size: 5 }),
      ).rejects.toMatchObject({ code: 'EBACKEND_TIMEOUT', backend: 'hung' });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await pool.close();
    }
  });
});
