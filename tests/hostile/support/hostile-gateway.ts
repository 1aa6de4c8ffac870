import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import Database from 'better-sqlite3';
import {
  openTestStore,
  type PostgresTestDatabase,
  type TestDialect,
  type TestStore,
} from '@strata/metastore-core/testing';
import { Sha256, encodeAwsChunks, signingContextOf } from '@strata/sigv4-verify/testing';
import { blobsDir, listFiles } from '../../e2e/support/data-dir.js';
import { writeStrataConfig } from '../../e2e/support/strata-config.js';
import {
  startStrata,
  TEST_CREDENTIALS,
  type StrataProcess,
} from '../../e2e/support/strata-process.js';

/** The fs backend's byte quota: a leaked reservation of a refused 4 MiB upload shows at once. */
export const QUOTA_BYTES = 8 * 1024 * 1024;

/** Server timeouts of the hostile gateway, short enough to be provoked within a test. */
export const TIMEOUTS = {
  headersMs: 2_000,
  keepAliveMs: 2_000,
  bodyWindowMs: 1_000,
  bodyMinRate: 1024,
} as const;

const REGION = 'us-east-1';

const signer = new SignatureV4({
  service: 's3',
  region: REGION,
  credentials: { ...TEST_CREDENTIALS },
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});

/** What to sign: a path-style request to the gateway. */
export interface SignInput {
  readonly method: string;
  /** Already percent-encoded. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Hashed into `x-amz-content-sha256` unless the headers give one. */
  readonly body?: Buffer;
}

/** A signed request, ready to send: `target` is path + query, `headers` include Authorization. */
export interface SignedRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: Record<string, string>;
  /** The signature the first aws-chunked chunk chains from. */
  readonly seedSignature: string;
  readonly datetime: string;
}

/** RFC 3986 encoding, as SigV4 canonicalises query strings. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Options of {@link startHostileGateway}. */
export interface HostileOptions {
  /**
   * A second fs backend, `mirror`, and the hostile bucket replicated to it synchronously, so a
   * case can strike while a replica is being written.
   */
  readonly mirror?: boolean;
}

/** A hostile gateway: the real binary on one metastore, with helpers to abuse it. */
export interface HostileGateway extends AsyncDisposable {
  readonly dialect: TestDialect;
  readonly strata: StrataProcess;
  readonly port: number;
  sign(input: SignInput): Promise<SignedRequest>;
  /** Sends a signed request with `node:http` and reads the whole answer. */
  send(request: SignedRequest, body?: Buffer): Promise<RawResponse>;
  /** PUTs an object the ordinary way; resolves with the status. */
  put(path: string, body: Buffer): Promise<number>;
  /** GETs an object the ordinary way. */
  get(path: string): Promise<RawResponse & { readonly bytes: Buffer }>;
  /** Write intents in the metastore right now. */
  intents(): Promise<number>;
  /** Copies every object has: 2 with the mirror backend, else 1. */
  readonly copies: number;
  /** Blob files of the fs backends, and files in their temp dirs. */
  files(): Promise<{ blobs: number; temp: number }>;
  /** Paths of the fs backend's blob files. */
  blobPaths(): Promise<string[]>;
  /** Whether the gateway process is still running. */
  alive(): boolean;
}

/** A finished HTTP exchange. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The `<Code>` of an S3 error body. */
export function codeOf(response: { body: string }): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1];
}

/**
 * Starts the built `strata` binary on `dialect` (PostgreSQL behind a latency proxy, so every
 * metastore await really waits), with fast workers, an fs backend under {@link QUOTA_BYTES}
 * and short {@link TIMEOUTS}.
 */
export async function startHostileGateway(
  dialect: TestDialect,
  postgres: PostgresTestDatabase,
  options: HostileOptions = {},
): Promise<HostileGateway> {
  const root = await mkdtemp(join(tmpdir(), `strata-hostile-${dialect}-`));
  const dataDir = join(root, 'data');
  await mkdir(dataDir);
  const meta: TestStore = await openTestStore(dialect, { dir: root, postgres });
  const config = await writeStrataConfig(
    root,
    [
      'workers:',
      '  intent_ttl: 1s',
      '  reaper_interval: 1s',
      '  cleanup_interval: 1s',
      'timeouts:',
      `  headers: ${TIMEOUTS.headersMs}`,
      `  keep_alive: ${TIMEOUTS.keepAliveMs}`,
      `  body_window: ${TIMEOUTS.bodyWindowMs}`,
      `  body_min_rate: ${TIMEOUTS.bodyMinRate}`,
      'max_xml_body: 64KiB',
      'backends:',
      '  - name: local',
      '    type: fs',
      `    path: ${join(dataDir, 'objects')}`,
      `    quota_bytes: ${QUOTA_BYTES}`,
      ...(options.mirror
        ? [
            '  - name: mirror',
            '    type: fs',
            `    path: ${join(dataDir, 'mirror')}`,
            `    quota_bytes: ${QUOTA_BYTES}`,
            'buckets:',
            '  - name: hostile',
            '    replication: { factor: 2, mode: sync }',
          ]
        : []),
      '',
    ].join('\n'),
  );
  const metastore = meta.url ?? join(root, 'meta.db');
  let strata: StrataProcess;
  try {
    strata = await startStrata({
      dataDir,
      args: ['--config', config, '--metastore', metastore],
    });
  } catch (error) {
    await meta.close();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const port = strata.port;
  const host = `127.0.0.1:${port}`;
  const schema = meta.url ? new URL(meta.url).searchParams.get('schema') : null;

  const sign = async (input: SignInput): Promise<SignedRequest> => {
    const headers: Record<string, string> = {
      host,
      'x-amz-content-sha256': createHash('sha256')
        .update(input.body ?? '')
        .digest('hex'),
      ...input.headers,
    };
    if (input.body !== undefined && headers['content-length'] === undefined) {
      headers['content-length'] = String(input.body.length);
    }
    const query = input.query ?? {};
    const signed = await signer.sign(
      new HttpRequest({
        method: input.method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        path: input.path,
        query,
        headers,
      }),
    );
    const qs = Object.entries(query)
      .map(([k, v]) => (v === '' ? rfc3986(k) : `${rfc3986(k)}=${rfc3986(v)}`))
      .join('&');
    const auth = signed.headers.authorization ?? '';
    return {
      method: input.method,
      target: `${input.path}${qs ? `?${qs}` : ''}`,
      headers: signed.headers,
      seedSignature: /Signature=([0-9a-f]{64})/.exec(auth)?.[1] ?? '',
      datetime: signed.headers['x-amz-date'] ?? '',
    };
  };

  const send = (request: SignedRequest, body?: Buffer) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.target,
        headers: request.headers,
        agent: false,
        timeout: 30_000,
      });
      req.once('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.once('error', reject);
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.end(body);
    });

  const close = async () => {
    await strata[Symbol.asyncDispose]();
    await meta.close();
    await rm(root, { recursive: true, force: true });
  };

  return {
    dialect,
    strata,
    port,
    sign,
    send,
    put: async (path, body) => (await send(await sign({ method: 'PUT', path, body }), body)).status,
    get: async (path) => {
      const response = await new Promise<RawResponse & { bytes: Buffer }>((resolve, reject) => {
        void sign({ method: 'GET', path }).then((signed) => {
          const req = httpRequest({
            host: '127.0.0.1',
            port,
            path: signed.target,
            headers: signed.headers,
            agent: false,
          });
          req.once('error', reject);
          req.once('response', (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.once('error', reject);
            res.once('end', () => {
              const bytes = Buffer.concat(chunks);
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: bytes.toString('utf8'),
                bytes,
              });
            });
          });
          req.end();
        }, reject);
      });
      return response;
    },
    intents: async () => {
      if (dialect === 'sqlite') {
        const db = new Database(metastore, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('select count(*) as n from write_intents').get() as { n: number }).n;
        } finally {
          db.close();
        }
      }
      const { rows } = await postgres.admin.query<{ n: string }>(
        `select count(*) as n from "${schema}".write_intents`,
      );
      return Number(rows[0]?.n ?? 0);
    },
    copies: options.mirror ? 2 : 1,
    files: async () => {
      // The embedded layout puts the `local` backend under `objects/`; the mirror beside it.
      const dirs = options.mirror ? ['objects', 'mirror'] : ['objects'];
      let blobs = 0;
      let temp = 0;
      for (const dir of dirs) {
        blobs += (await listFiles(join(dataDir, dir, 'blobs'))).length;
        temp += (await listFiles(join(dataDir, dir, 'tmp'))).length;
      }
      return { blobs, temp };
    },
    blobPaths: async () => (await listFiles(blobsDir(dataDir))).map((file) => file.path),
    alive: () => strata.child.exitCode === null && strata.child.signalCode === null,
    [Symbol.asyncDispose]: close,
  };
}

/** What came back on a raw socket: the bytes, and whether the server closed the connection. */
export interface RawOutcome {
  readonly text: string;
  /** HTTP status of the first response, if one arrived. */
  readonly status: number | undefined;
  readonly closedByServer: boolean;
}

/** Options of {@link rawExchange}. */
export interface RawExchangeOptions {
  /** Written in order; a function is called (and awaited) between writes. */
  readonly steps: readonly (Buffer | string | (() => Promise<void>))[];
  /** Destroy the socket after the steps (a client reset); resolves at once then. */
  readonly reset?: boolean;
  /** Give up waiting for the server after this long (resolves, never rejects). */
  readonly waitMs?: number;
}

/**
 * Talks HTTP/1.1 to the gateway byte by byte over a raw TCP socket: for what no well-behaved
 * client sends (resets at chosen moments, lying lengths, oversized heads).
 */
export function rawExchange(port: number, options: RawExchangeOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ text, status: status ? Number(status) : undefined, closedByServer });
    };
    const timer = setTimeout(finish, options.waitMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish());
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.once('connect', () => {
      void (async () => {
        for (const step of options.steps) {
          if (socket.destroyed) return;
          if (typeof step === 'function') await step();
          else socket.write(step);
        }
        if (options.reset) finish();
      })();
    });
  });
}

/** The head of a signed request, as bytes for {@link rawExchange}. */
export function requestHead(request: SignedRequest): string {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * A `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body: each chunk signed in chain from the request's
 * signature, then the signed final zero-size chunk.
 */
export function signedChunkedBody(chunks: readonly Buffer[], signed: SignedRequest): Buffer {
  const credentials = { secretAccessKey: TEST_CREDENTIALS.secretAccessKey, region: REGION };
  return encodeAwsChunks(chunks, { signing: signingContextOf(signed, credentials) });
}

/** A `STREAMING-UNSIGNED-PAYLOAD-TRAILER` body with an `x-amz-checksum-crc32` trailer. */
export function unsignedTrailerBody(data: Buffer, trailer: string | undefined): Buffer {
  return encodeAwsChunks([data], {
    trailers: trailer === undefined ? [] : [['x-amz-checksum-crc32', trailer]],
  });
}
