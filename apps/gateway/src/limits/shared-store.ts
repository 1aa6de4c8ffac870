import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long {@link connectSharedStore} waits for Redis before serving with local limits. */
const CONNECT_WAIT_MS = 3000;

/**
 * The Redis that rate limits are counted in, shared by every gateway instance, and the log of
 * its outages: while it cannot be reached each limit falls back to this instance's memory, and
 * one warning says so per outage (not one per request); one info line says when it is back.
 */
export class SharedStore implements AsyncDisposable {
  readonly client: Redis;
  readonly #logger: Logger;
  #down = false;

  constructor(client: Redis, logger: Logger) {
    this.client = client;
    this.#logger = logger;
    // ioredis emits 'error' on every failed reconnect attempt; without a listener Node would
    // print each one. Only the first of an outage is logged.
    client.on('error', (err: Error) => this.markDown(err));
    client.on('ready', () => this.markUp());
  }

  /** True while limits are counted locally. */
  get down(): boolean {
    return this.#down;
  }

  /** Redis failed (a connection error, or a command answered from the fallback). */
  markDown(err?: Error): void {
    if (this.#down) return;
    this.#down = true;
    this.#logger.warn(
      { err, redisStatus: this.client.status },
      'redis unreachable: rate limits are counted per instance until it is back',
    );
  }

  /** Redis answered. */
  markUp(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#logger.info('redis reachable again: rate limits are shared across instances');
  }

  /** Disconnects (no reconnecting afterwards). Idempotent. */
  close(): Promise<void> {
    this.client.disconnect();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Connects to Redis at `url` for shared rate limits. Waits until it answers or fails (at most
 * 3 s), so the first requests are not counted locally only because the connection was still
 * being made; an unreachable Redis is logged, not thrown: the gateway serves with local limits
 * and keeps reconnecting in the background.
 *
 * Commands fail at once while disconnected (no offline queue) and after 1 s without an answer,
 * so a dead or hung Redis costs a request no more than that before the local fallback answers.
 */
export async function connectSharedStore(url: string, logger: Logger): Promise<SharedStore> {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: 1000,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
  });
  const store = new SharedStore(client, logger);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    client.once('ready', done);
    client.once('error', done);
  });
  return store;
}
