import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** What the proxy does with one connection. */
export type ProxyMode =
  | { kind: 'pass' }
  /** Holds the server's reply for `ms` before forwarding it. */
  | { kind: 'delay'; ms: number }
  /** Forwards `bytes` of the server's reply, then resets the client connection (RST). */
  | { kind: 'reset-after'; bytes: number }
  /** Accepts and reads, never answers. */
  | { kind: 'blackhole' };

/** A request head seen going upstream. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

const HEAD = /^(GET|PUT|POST|DELETE|HEAD) (\S+) HTTP\/1\.1\r\n([\s\S]*?)\r\n\r\n/;

/** A loopback TCP proxy whose faults the test controls, per connection. */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #server = createServer((client) => this.#onConnection(client));
  readonly #sockets = new Set<Socket>();
  /** Chooses the mode of connection number `n` (0-based). */
  policy: (n: number) => ProxyMode = () => ({ kind: 'pass' });
  /** Resets a connection whose upstream data matches (for example a part number). */
  resetOnRequest: RegExp | undefined;
  /** Connections accepted so far. */
  connections = 0;
  /** Connections a `reset-after` mode cut so far (after forwarding its bytes). */
  cuts = 0;
  /** Request heads seen going upstream, in order. */
  readonly requests: SeenRequest[] = [];

  constructor(target: string) {
    const url = new URL(target);
    this.#target = { host: url.hostname, port: Number(url.port) };
  }

  /** Starts listening on a loopback port (any free one by default); returns the endpoint URL. */
  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  #onConnection(client: Socket): void {
    this.#track(client);
    const mode = this.policy(this.connections++);
    if (mode.kind === 'blackhole') {
      client.resume();
      return;
    }
    const upstream = connect(this.#target);
    this.#track(upstream);
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      this.#record(text);
      if (this.resetOnRequest?.test(text) === true) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    let sent = 0;
    let holding = false;
    let endWhenReleased = false;
    upstream.on('data', (chunk: Buffer) => {
      if (mode.kind === 'reset-after') {
        const room = mode.bytes - sent;
        sent += chunk.length;
        if (chunk.length < room) {
          client.write(chunk);
          return;
        }
        this.cuts++;
        client.write(chunk.subarray(0, room), () => client.resetAndDestroy());
        upstream.destroy();
        return;
      }
      if (mode.kind === 'delay' && sent === 0) {
        sent += chunk.length;
        upstream.pause();
        holding = true;
        setTimeout(() => {
          holding = false;
          client.write(chunk);
          if (endWhenReleased) client.end();
          else upstream.resume();
        }, mode.ms);
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (holding) endWhenReleased = true;
      else client.end();
    });
  }

  #record(text: string): void {
    const match = HEAD.exec(text);
    if (match === null) return;
    const headers: Record<string, string> = {};
    for (const line of (match[3] ?? '').split('\r\n')) {
      const at = line.indexOf(':');
      if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
    }
    this.requests.push({ method: match[1] ?? '', path: match[2] ?? '', headers });
  }

  /**
   * Resets (RST) every connection open now, in both directions. {@link TcpProxy.policy} only
   * decides the mode of new connections, and clients keep connections alive (a pool's idle
   * sockets would never see a new fault, nor leave one): after this their next requests connect
   * again, under the current policy.
   */
  resetConnections(): void {
    for (const socket of this.#sockets) socket.resetAndDestroy();
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
