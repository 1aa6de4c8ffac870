import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running S3 server for tests. */
export interface TestServer {
  /** Which server (`strata`, `s3rver`). */
  name: string;
  /** Its loopback URL, such as `http://127.0.0.1:41234` (path-style requests only). */
  endpoint: string;
  /** A key pair the server accepts. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Stops the server and removes its data. */
  close(): Promise<void>;
}

const BIN = fileURLToPath(new URL('../../../../apps/gateway/bin/strata.js', import.meta.url));

/**
 * Starts the built Strata gateway (`pnpm turbo run build --filter @strata/gateway`) on a loopback
 * port and a fresh data directory, and waits for its "listening" log line.
 */
export async function startStrata(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 's3-client-strata-'));
  const credentials = { accessKeyId: 'AKIAS3CLIENTTEST', secretAccessKey: 's3-client-test-secret' };
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0'],
    {
      env: {
        ...process.env,
        STRATA_ACCESS_KEY_ID: credentials.accessKeyId,
        STRATA_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`strata did not start: ${stderr.join('')}`)),
      20_000,
    );
    child.once('exit', (code) => reject(new Error(`strata exited (${code}): ${stderr.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /strata listening on (http:\/\/[^\s"]+)/.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    name: 'strata',
    endpoint,
    credentials,
    async close() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
