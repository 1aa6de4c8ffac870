import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TcpProxy } from '@strata/s3-client/testing';
import { afterAll, beforeAll } from 'vitest';
import { GetObjectCommand, PutObjectCommand, type S3Client } from './aws-sdk.js';
import {
  fsInspector,
  s3Inspector,
  startS3Server,
  type BackendInspector,
  type S3Inspector,
  type S3ServerHandle,
  type S3ServerName,
} from './backend-servers.js';
import { createTestS3Client } from './s3-client.js';
import { signedGet } from './signed-fetch.js';
import { startStrata, type StrataProcess } from './strata-process.js';

/** One entry of the gateway's `backends:`; `options` are its other strata.yaml keys. */
export type BackendSpec =
  | {
      readonly name: string;
      readonly server: S3ServerName;
      readonly prefix?: string;
      readonly options?: Readonly<Record<string, unknown>>;
    }
  | { readonly name: string; readonly server: 'fs'; readonly options?: Record<string, unknown> };

/** Options of {@link useMultiBackend}. */
export interface MultiBackendOptions {
  readonly backends: readonly BackendSpec[];
  /**
   * The rest of strata.yaml (`buckets`, `breaker`, `workers`…), as an object; a function is
   * called once the suite's earlier `beforeAll` hooks ran (for ports known only then).
   */
  readonly config: Readonly<Record<string, unknown>> | (() => Readonly<Record<string, unknown>>);
}

/** A gateway over several real backends, each S3 one behind a proxy the test controls. */
export interface MultiBackendEnv {
  readonly gateway: StrataProcess;
  /** The AWS SDK on the gateway, in its default configuration (checksums on), no retries. */
  readonly client: S3Client;
  /** Reads a backend directly (its own S3 API, or its directory). */
  backend(name: string): BackendInspector;
  /** {@link MultiBackendEnv.backend} of an S3 backend, with its ETags and uploads. */
  s3Backend(name: string): S3Inspector;
  /** The proxy between the gateway and an S3 backend. */
  proxy(name: string): TcpProxy;
  /** `GET /health?details`, signed (the details are not for anonymous callers). */
  health(): Promise<Health>;
  /** Stops the gateway and starts it again on the same data dir and configuration. */
  restart(): Promise<void>;
}

/** The body of `GET /health?details`. */
export interface Health {
  readonly status: string;
  readonly backends: Readonly<Record<string, { state: string; circuit: string }>>;
}

/**
 * For the enclosing `describe`: starts the S3 servers the backends use (a second Strata,
 * s3rver, a fresh bucket on the shared RGW), a {@link TcpProxy} in front of every S3 backend,
 * and the real `strata` binary with a strata.yaml listing them; stops everything afterwards.
 * strata.yaml is written as JSON, which is YAML too.
 */
export function useMultiBackend(options: MultiBackendOptions): () => MultiBackendEnv {
  let env: MultiBackendEnv | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'strata-e2e-multi-'));
    const servers = new Map<S3ServerName, S3ServerHandle>();
    const proxies = new Map<string, TcpProxy>();
    const inspectors = new Map<string, BackendInspector>();
    let gateway: StrataProcess | undefined;
    let client: S3Client | undefined;
    cleanup = async () => {
      client?.destroy();
      await gateway?.[Symbol.asyncDispose]();
      await Promise.all([...proxies.values()].map((p) => p.close()));
      await Promise.all([...servers.values()].map((s) => s.close()));
      await rm(root, { recursive: true, force: true });
    };
    const backends: Record<string, unknown>[] = [];
    for (const spec of options.backends) {
      if (spec.server === 'fs') {
        const path = join(root, spec.name);
        backends.push({ name: spec.name, type: 'fs', path, fsync: false, ...spec.options });
        inspectors.set(spec.name, fsInspector(spec.name, path));
        continue;
      }
      let server = servers.get(spec.server);
      if (server === undefined) {
        server = await startS3Server(spec.server);
        servers.set(spec.server, server);
      }
      const proxy = new TcpProxy(server.endpoint);
      proxies.set(spec.name, proxy);
      const prefix = spec.prefix ?? `${spec.name}/`;
      backends.push({
        name: spec.name,
        type: 's3',
        endpoint: await proxy.listen(),
        bucket: server.bucket,
        prefix,
        access_key_id: server.credentials.accessKeyId,
        secret_access_key: server.credentials.secretAccessKey,
        ...spec.options,
      });
      inspectors.set(spec.name, s3Inspector(spec.name, server, prefix));
    }
    const dataDir = join(root, 'gateway');
    await mkdir(dataDir);
    const configFile = join(root, 'strata.yaml');
    const rest = typeof options.config === 'function' ? options.config() : options.config;
    await writeFile(configFile, JSON.stringify({ backends, ...rest }, null, 2));
    const start = () => startStrata({ dataDir, args: ['--config', configFile] });
    gateway = await start();
    client = createTestS3Client({ endpoint: gateway.url });
    const lookup = <T>(map: Map<string, T>, name: string): T => {
      const found = map.get(name);
      if (found === undefined) throw new Error(`no backend ${name} in this fixture`);
      return found;
    };
    env = {
      get gateway() {
        return gateway!;
      },
      get client() {
        return client!;
      },
      backend: (name) => lookup(inspectors, name),
      s3Backend: (name) => lookup(inspectors, name) as S3Inspector,
      proxy: (name) => lookup(proxies, name),
      health: async () =>
        (await signedGet(`${gateway!.url}/health?details`)).json() as Promise<Health>,
      async restart() {
        await gateway!.stop();
        gateway = await start();
        client!.destroy();
        client = createTestS3Client({ endpoint: gateway.url });
      },
    };
  });
  afterAll(async () => {
    await cleanup?.();
  });
  return () => {
    if (env === undefined) throw new Error('the multi-backend fixture is not started');
    return env;
  };
}

/** New connections through `proxy` are accepted and never answered; open ones are reset. */
export function blackhole(proxy: TcpProxy): void {
  proxy.policy = () => ({ kind: 'blackhole' });
  proxy.resetConnections();
}

/** New connections through `proxy` are reset before any byte of a reply; open ones too. */
export function refuse(proxy: TcpProxy): void {
  proxy.policy = () => ({ kind: 'reset-after', bytes: 0 });
  proxy.resetConnections();
}

/** `proxy` forwards again; connections opened under a fault are reset. */
export function forward(proxy: TcpProxy): void {
  proxy.policy = () => ({ kind: 'pass' });
  proxy.resetConnections();
}

/** PutObject of a Buffer through the gateway; resolves with the ETag. */
export async function put(client: S3Client, bucket: string, key: string, body: Buffer) {
  const reply = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return reply.ETag;
}

/** GetObject through the gateway, the whole body (or `range`) read into a Buffer. */
export async function get(
  client: S3Client,
  bucket: string,
  key: string,
  range?: string,
): Promise<{ body: Buffer; etag: string | undefined; contentRange: string | undefined }> {
  const reply = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  const body = Buffer.from(await reply.Body!.transformToByteArray());
  return { body, etag: reply.ETag, contentRange: reply.ContentRange };
}

/** The stored blobs of `key` in `bucket` on a backend (names `{bucket}/{key}@{writeId}`). */
export async function blobsOf(backend: BackendInspector, bucket: string, key: string) {
  return (await backend.list()).filter((b) => b.name.startsWith(`${bucket}/${key}@`));
}

/** Total bytes stored on a backend, as it lists them itself. */
export async function bytesOn(backend: BackendInspector): Promise<number> {
  return (await backend.list()).reduce((sum, b) => sum + b.size, 0);
}
