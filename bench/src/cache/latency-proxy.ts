import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/** A loopback TCP proxy that makes a loopback server answer like one across a network. */
export type LatencyProxy = {
  /** `http://127.0.0.1:PORT`: the proxied server's endpoint. */
  readonly endpoint: string;
  /** Connections reset so far by {@link ProxyFaults.resetProbability}. */
  resets(): number;
  /** Closes the listener and every connection through it. */
  close(): Promise<void>;
};

/** Faults the proxy injects besides its latency. */
export type ProxyFaults = {
  /**
   * Chance that any one chunk, in either direction, resets the connection instead of passing:
   * 0.001 resets about one 1 MiB upload in 60 (16 chunks of 64 KiB). Default 0.
   */
  readonly resetProbability?: number;
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
export async function startLatencyProxy(
  port: number,
  latencyMs: number,
  faults: ProxyFaults = {},
): Promise<LatencyProxy> {
  const resetProbability = faults.resetProbability ?? 0;
  let resets = 0;
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
    // A chunk in either direction may be the last: both sides get a TCP reset (RST), as a
    // flaky link or a middlebox does to a connection mid-request.
    const maybeReset = (): boolean => {
      if (resetProbability === 0 || Math.random() >= resetProbability) return false;
      resets++;
      client.resetAndDestroy();
      upstream.resetAndDestroy();
      return true;
    };
    // Timers of equal delay fire in the order they were set, so the byte order is kept.
    client.on('data', (chunk: Buffer) => {
      if (maybeReset()) return;
      setTimeout(() => {
        if (!upstream.destroyed) upstream.write(chunk);
      }, latencyMs);
    });
    if (resetProbability > 0) upstream.on('data', () => void maybeReset());
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
    resets: () => resets,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
