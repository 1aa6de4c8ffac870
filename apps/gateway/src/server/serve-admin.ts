import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AdminApp } from '../admin/create-admin-app.js';
import { parseListen } from './parse-listen.js';

/** The separate admin listener. */
export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the admin API on its own plain-HTTP listener (`admin.listen`), for an internal address;
 * requests here are not S3: no signature, no admission limits, no S3 access log. The admin app
 * still requires its bearer token on every request.
 */
export async function serveAdmin(admin: AdminApp, listen: string): Promise<AdminServer> {
  const { host, port } = parseListen(listen);
  const server = serve({
    fetch: (request, env) => admin.fetch(request, env),
    hostname: host,
    port,
    createServer,
  }) as Server;
  // A peer that vanishes mid-answer must not take the process down.
  server.on('clientError', (_error, socket) => socket.destroy());
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  }
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
