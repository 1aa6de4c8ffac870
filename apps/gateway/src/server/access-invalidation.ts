import type { Logger } from 'pino';
import type { AccessControl } from '../auth/access-control.js';
import type { SharedStore } from '../limits/shared-store.js';

/** The Redis channel bucket access changes are announced on. */
export const ACCESS_CHANNEL = 'strata:access:changed';
/** The Redis channel changes to managed access keys are announced on (the key id). */
export const KEYS_CHANNEL = 'strata:keys:changed';

/** What forgets a managed access key (the server's `ManagedKeys`). */
export interface ForgetsKeys {
  forget(accessKeyId: string): void;
}

/**
 * Announces this instance's changes to bucket access and managed access keys, and applies the
 * other instances'.
 */
export interface AccessInvalidation extends AsyncDisposable {
  /** Publishes that `bucket`'s owner, policy or public access block changed. */
  announce(bucket: string): void;
  /** Publishes that the managed key `accessKeyId` was rotated, disabled, enabled or deleted. */
  announceKey(accessKeyId: string): void;
  /** Wires the subscriber to `access` (messages before this are dropped). */
  attach(access: AccessControl): void;
  /** Wires the subscriber to the managed keys (messages before this are dropped). */
  attachKeys(keys: ForgetsKeys): void;
  close(): Promise<void>;
}

/**
 * Bucket access changes shared through Redis pub/sub: a policy put on one instance, or a bucket
 * deleted and created again by another tenant, is seen by every other instance as soon as the
 * message arrives, rather than when its cache entry expires; so is a managed key rotated,
 * disabled or deleted (else within `admin.keys_refresh`). Publishing is fire-and-forget
 * (Redis down: the others see the change when their entry expires, `createAccessControl`'s
 * 30 s); the subscriber is a second connection, as Redis requires, and reconnects by itself.
 */
export function createAccessInvalidation(shared: SharedStore, logger: Logger): AccessInvalidation {
  const subscriber = shared.client.duplicate({ enableOfflineQueue: true });
  let access: AccessControl | undefined;
  let keys: ForgetsKeys | undefined;
  // Its errors are the shared connection's errors; logged once there. A listener is needed so
  // that a reconnect attempt's error is not an unhandled 'error' event.
  subscriber.on('error', () => {});
  subscriber.on('message', (channel: string, name: string) => {
    if (channel === KEYS_CHANNEL) keys?.forget(name);
    else access?.invalidate(name);
  });
  subscriber.subscribe(ACCESS_CHANNEL, KEYS_CHANNEL).catch((err: unknown) => {
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
    announceKey(accessKeyId) {
      shared.client.publish(KEYS_CHANNEL, accessKeyId).catch(() => {
        // Redis down: the others trust what they read for at most `admin.keys_refresh`.
      });
    },
    attach(target) {
      access = target;
    },
    attachKeys(target) {
      keys = target;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
