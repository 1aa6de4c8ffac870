import { connect } from 'node:net';

/** What a TCP connection attempt met. */
export type ProbeResult = 'accepted' | 'refused' | 'reset';

/**
 * Tries a TCP connection to `127.0.0.1:port`: `refused` when nothing listens, `reset` when a
 * closing listener dropped it mid-handshake, `accepted` otherwise.
 */
export function probePort(port: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve('refused');
      else if (error.code === 'ECONNRESET') resolve('reset');
      else reject(error);
    });
  });
}
