import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseListen } from './parse-listen.js';

/** A side listener for operators (metrics, admin): its URL and how to close it. */
export interface InternalServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts `server` on `listen` (`host:port`, plain HTTP) as a side listener: a peer that vanishes
 * mid-answer is dropped rather than taking the process down, and closing it also closes its
 * open connections.
 *
 * @throws the listen error (address in use, permission) when it cannot bind.
 */
export async function listenInternal(server: Server, listen: string): Promise<InternalServer> {
  server.on('clientError', (_error, socket) => socket.destroy());
  const { host, port } = parseListen(listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
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
