import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/** A loopback TCP proxy that makes a loopback server answer like one across a network. */
export type LatencyProxy = {
  /** `http://127.0.0.1:PORT`: the proxied server's endpoint. */
  readonly endpoint: string;
  /** Closes the listener and every connection through it. */
  close(): Promise<void>;
};

/**
 * Starts a TCP proxy on 127.0.0.1 to `127.0.0.1:port` that holds every chunk from the client for
 * `latencyMs` before passing it on; answers pass at once. So each HTTP request costs `latencyMs`
 * more, once (the chunks of a body are held in parallel, not one after another), as a round trip
 * to a far store would: an S3 request in the same region is ~10–30 ms to first byte.
 *
 * Written here rather than reusing `@strata/metastore-core/testing`'s proxy: that one delays both
 * directions (a request would cost twice the latency, and response chunks queue on timers), and
 * its entry point loads the metastore conformance suites and vitest. Request bodies are not
 * paced (no backpressure towards the client): the bench's uploads are ≤ ~25 MB objects.
 */
export async function startLatencyProxy(port: number, latencyMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset on one side closes the other below; the error itself is nobody's to handle.
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    track(client);
    track(upstream);
    // Timers of equal delay fire in the order they were set, so the byte order is kept.
    client.on('data', (chunk: Buffer) => {
      setTimeout(() => {
        if (!upstream.destroyed) upstream.write(chunk);
      }, latencyMs);
    });
    client.once('end', () => setTimeout(() => upstream.end(), latencyMs));
    client.once('close', () => setTimeout(() => upstream.destroy(), latencyMs));
    // Answers stream straight back, with the usual backpressure.
    upstream.pipe(client);
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port: own } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${own}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
