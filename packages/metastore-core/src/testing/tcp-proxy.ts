import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** A loopback TCP proxy whose traffic a test can cut off without closing anything. */
export interface TcpProxy extends AsyncDisposable {
  /** The port it listens on, at 127.0.0.1. */
  readonly port: number;
  /**
   * From now on every byte in either direction is dropped, and closes are not passed on: to both
   * ends the peer just stops answering (a network partition, a frozen server), while their
   * connections stay open.
   */
  blackhole(): void;
  /** Passes traffic (and any close that happened meanwhile) on again. */
  forward(): void;
  /** Closes the listener and every connection through it. */
  close(): Promise<void>;
}

/** One proxied connection: the client's socket and ours to the upstream server. */
interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

/** Options of {@link startTcpProxy}. */
export interface TcpProxyOptions {
  /**
   * Delay every chunk by this many milliseconds, each direction (order kept). A few ms make a
   * loopback database answer like one across a network, so every `await` on it really yields:
   * the window where a stream created before the await can fail with nobody listening.
   */
  readonly latencyMs?: number;
}

/**
 * Starts a {@link TcpProxy} to `host:port`, forwarding. Each accepted connection opens its own
 * upstream connection. A side that closes while blackholed stays half-dead on the other side until
 * {@link TcpProxy.forward}, as after a real partition heals.
 */
export async function startTcpProxy(
  host: string,
  port: number,
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  const latency = options.latencyMs ?? 0;
  const pairs = new Set<Pair>();
  let forwarding = true;
  const pending = new Set<Socket>();
  const closeLater = (socket: Socket) => {
    if (forwarding) socket.destroy();
    else pending.add(socket);
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    const pair = { client, upstream };
    pairs.add(pair);
    const relay = (from: Socket, to: Socket) => {
      const write = (chunk: Buffer) => {
        if (forwarding && !to.destroyed && !to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      };
      // Timers of equal delay fire in the order they were set, so the byte order is kept.
      const later = (action: () => void) =>
        latency > 0 ? setTimeout(action, latency).unref() : action();
      from.on('data', (chunk: Buffer) => later(() => write(chunk)));
      from.on('error', () => undefined);
      from.on('close', () => {
        later(() => closeLater(to));
        if (client.destroyed && upstream.destroyed) pairs.delete(pair);
      });
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const close = async () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port: (server.address() as AddressInfo).port,
    blackhole: () => {
      forwarding = false;
    },
    forward: () => {
      forwarding = true;
      for (const socket of pending) socket.destroy();
      pending.clear();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
