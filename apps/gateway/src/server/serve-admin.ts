import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AdminApp } from '../admin/create-admin-app.js';
import { listenInternal, type InternalServer } from './listen-internal.js';

/**
 * Serves the admin API on its own plain-HTTP listener (`admin.listen`), for an internal address;
 * requests here are not S3: no signature, no admission limits, no S3 access log. The admin app
 * still requires its bearer token on every request.
 */
export function serveAdmin(admin: AdminApp, listen: string): Promise<InternalServer> {
  const handle = getRequestListener((request, env) => admin.fetch(request, env));
  // The listener answers its own failures (a 500), so nothing is left to await here.
  return listenInternal(
    createServer((req, res) => void handle(req, res)),
    listen,
  );
}
