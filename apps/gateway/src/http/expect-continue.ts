import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Requests that asked for `Expect: 100-continue` and have not been told to send their body. */
const awaitingContinue = new WeakSet<IncomingMessage>();

/**
 * Makes `server` hold back `100 Continue` until a handler opens the request body
 * ({@link sendContinue}), instead of Node answering it as soon as the headers arrive. A request
 * refused before its body is needed (a bad signature, an unknown key, a key without access to the
 * bucket) gets its final answer while the client still waits, so the client never sends
 * the body (RFC 9110 §10.1.1). Node closes the connection after such an answer, since the unsent
 * body would otherwise be read as the next request.
 *
 * A 'checkContinue' listener replaces Node's automatic 100 and its 'request' event (Node
 * `http.Server`, event 'checkContinue'), so the request is passed on to the app's 'request'
 * listener here.
 */
export function deferContinue(server: Server): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    awaitingContinue.add(req);
    server.emit('request', req, res);
  });
}

/** Sends `100 Continue` if `req` is still waiting for it (at most once per request). */
export function sendContinue(req: IncomingMessage, res: ServerResponse): void {
  if (awaitingContinue.delete(req)) res.writeContinue();
}
