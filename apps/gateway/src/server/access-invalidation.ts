import type { Logger } from 'pino';
import type { AccessControl } from '../auth/access-control.js';
import type { SharedStore } from '../limits/shared-store.js';

/** The Redis channel bucket access changes are announced on. */
export const ACCESS_CHANNEL = 'strata:access:changed';

/** Announces this instance's bucket access changes and applies the other instances'. */
export interface AccessInvalidation extends AsyncDisposable {
  /** Publishes that `bucket`'s owner, policy or public access block changed. */
  announce(bucket: string): void;
  /** Wires the subscriber to `access` (messages before this are dropped). */
  attach(access: AccessControl): void;
  close(): Promise<void>;
}

/**
 * Bucket access changes shared through Redis pub/sub: a policy put on one instance, or a bucket
 * deleted and created again by another tenant, is seen by every other instance as soon as the
 * message arrives, rather than when its cache entry expires. Publishing is fire-and-forget
 * (Redis down: the others see the change when their entry expires, `createAccessControl`'s
 * 30 s); the subscriber is a second connection, as Redis requires, and reconnects by itself.
 */
export function createAccessInvalidation(shared: SharedStore, logger: Logger): AccessInvalidation {
  const subscriber = shared.client.duplicate({ enableOfflineQueue: true });
  let access: AccessControl | undefined;
  // Its errors are the shared connection's errors; logged once there. A listener is needed so
  // that a reconnect attempt's error is not an unhandled 'error' event.
  subscriber.on('error', () => {});
  subscriber.on('message', (_channel: string, bucket: string) => access?.invalidate(bucket));
  subscriber.subscribe(ACCESS_CHANNEL).catch((err: unknown) => {
    logger.warn(
      { err },
      'cannot subscribe to bucket access changes; other instances are seen within 30 s',
    );
  });
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      subscriber.disconnect();
    }
    return Promise.resolve();
  };
  return {
    announce(bucket) {
      shared.client.publish(ACCESS_CHANNEL, bucket).catch(() => {
        // Redis down: SharedStore logs the outage; the others' caches expire on their own.
      });
    },
    attach(target) {
      access = target;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
