import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import { listenInternal, type InternalServer } from './listen-internal.js';

/**
 * Serves `registry` at `GET /metrics` on its own plain-HTTP listener (`metrics.listen`), for a
 * Prometheus that scrapes an internal address; anything else is 404. Requests here are not S3:
 * no auth, no admission, no access log.
 */
export function serveMetrics(registry: Registry, listen: string): Promise<InternalServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  return listenInternal(server, listen);
}
