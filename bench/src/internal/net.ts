import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** Asks the kernel for a free loopback port (a tiny race with other processes is acceptable here). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `url` until any HTTP answer arrives; throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs = 30_000,
  isAlive?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (isAlive && !isAlive()) throw new Error(`process serving ${url} exited during start`);
    try {
      const res = await request(url);
      await res.body.dump();
      return;
    } catch (error) {
      last = error;
      await sleep(100);
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`, { cause: last });
}
