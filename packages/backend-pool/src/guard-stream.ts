import type { Readable } from 'node:stream';

/**
 * Gives a stream that is returned through a promise an `'error'` listener from the moment it
 * exists, and returns it.
 *
 * Between the stream's creation and the moment its reader attaches listeners lie awaits (a
 * breaker, a failover loop, a metastore read, the HTTP layer). A stream that fails in that
 * window (its signal aborted because the client went away, a socket reset) would otherwise
 * raise an uncaught `'error'` and stop the process. Nothing is hidden by this: the error stays
 * in `stream.errored`, and `pipeline()` or an async iterator over the stream reports it.
 *
 * Every `ObjectBackend.get` returns a guarded stream; wrappers that build a stream of their own
 * around one guard theirs too.
 */
export function guardStream<T extends Readable>(stream: T): T {
  stream.on('error', ignoreUntilRead);
  return stream;
}

function ignoreUntilRead(): void {}
