import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { createFsBackend, type FsBackend } from '@strata/backend-pool';
import type { Keyring } from '@strata/envelope';
import type { MetaStore } from '@strata/metastore-core';
import {
  openTestStore,
  type PostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { createObjectLayer } from '@strata/object-layer';
import { createAccessControl, type AccessScope } from '../auth/access-control.js';
import { createSigV4Verifier, type AuthFailureLimiter } from '@strata/sigv4-verify';
import { BOUNDARY, buildForm, Sha256, signPolicy } from '@strata/sigv4-verify/testing';
import { createApp } from '../app.js';
import type { AdmissionLimits } from '../limits/admission-limits.js';
import type { BodyPace } from '../http/request-body.js';

/** Credentials of the in-process test gateway. */
export const TEST_KEY = {
  accessKeyId: 'TESTKEYID0000000000A',
  secretAccessKey: 'test-secret-0123456789',
};

/** The region of the test gateway unless {@link TestGatewayOptions.region} names another. */
const DEFAULT_REGION = 'us-east-1';

function signerFor(
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region,
    credentials,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
}

/** RFC 3986 encoding, as SigV4 canonicalises query strings. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Percent-encodes a key for a path, keeping `/`. */
export function encodeKey(key: string): string {
  return key.split('/').map(rfc3986).join('/');
}

/** A request the test sends; `path` is already encoded (see {@link encodeKey}). */
export interface TestRequest {
  readonly method?: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /**
   * A body streamed as it is produced (sent as `UNSIGNED-PAYLOAD` unless the headers say
   * otherwise); give its `content-length` in `headers`.
   */
  readonly stream?: ReadableStream<Uint8Array>;
  /** Skip signing (anonymous request). */
  readonly unsigned?: boolean;
  /** Sign with this secret instead of the right one. */
  readonly secret?: string;
  /** Headers added after signing (what a proxy in between would add or change). */
  readonly unsignedHeaders?: Record<string, string>;
  /** Sign with this key (one of {@link TestGatewayOptions.keys}) instead of {@link TEST_KEY}. */
  readonly key?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The address the request comes from (the socket peer's). Default `127.0.0.1`. */
  readonly peer?: string;
  /** Sign for this region instead of the gateway's. */
  readonly region?: string;
}

/** An extra access key of the test gateway, with what it may reach. */
export interface TestKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly scope: AccessScope;
}

/** Options for {@link createTestGateway}. */
export interface TestGatewayOptions {
  readonly trustProxy?: boolean | readonly string[];
  /** Admission limits (`createAdmissionLimits`); none when absent. */
  readonly limits?: AdmissionLimits;
  readonly domain?: string;
  readonly limiter?: AuthFailureLimiter;
  /** Keys besides {@link TEST_KEY} (whose scope is owner `owner-id`, every bucket). */
  readonly keys?: readonly TestKey[];
  /** The metastore: a SQLite file (default) or PostgreSQL behind a latency proxy. */
  readonly dialect?: TestDialect;
  /** The run's PostgreSQL (`usePostgresTestDatabase()`), required with `dialect: 'postgres'`. */
  readonly postgres?: PostgresTestDatabase;
  /** How slowly a client may send a body (the server's default when absent). */
  readonly bodyPace?: BodyPace;
  /** Where the app and the object layer log (default: silent). */
  readonly logger?: Logger;
  /** The gateway's region, which requests are signed for too (default `us-east-1`). */
  readonly region?: string;
  /** The object layer's master keys (encryption at rest); none when absent. */
  readonly keyring?: Keyring;
  /** Resolves notification destination ARNs (`GatewayDeps.notificationTarget`); none when absent. */
  readonly notificationTarget?: (arn: string) => string | undefined;
}

/** An in-process gateway over a temp metastore and a temp directory. */
export interface TestGateway extends AsyncDisposable {
  readonly store: MetaStore;
  readonly backend: FsBackend;
  readonly dir: string;
  /** The app itself, for a test that serves it on a real socket. */
  readonly app: ReturnType<typeof createApp>;
  send(request: TestRequest): Promise<Response>;
}

/** Builds the real app (real store, real fs backend, real verifier) on temp storage. */
export async function createTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-gw-'));
  const meta = await openTestStore(options.dialect ?? 'sqlite', {
    dir,
    postgres: options.postgres,
  });
  const store = meta.store;
  const backend = createFsBackend({ name: 'local', root: join(dir, 'objects') });
  const logger = options.logger ?? pino({ level: 'silent' });
  const region = options.region ?? DEFAULT_REGION;
  const signer = signerFor(region, TEST_KEY);
  const layer = createObjectLayer({
    store,
    backends: [backend],
    region,
    keyring: options.keyring,
    onMissingCopy: (event) => logger.error(event, 'blob missing on backend; copy re-replicated'),
  });
  const keys = new Map<string, TestKey>([
    [TEST_KEY.accessKeyId, { ...TEST_KEY, scope: { owner: 'owner-id' } }],
  ]);
  for (const key of options.keys ?? []) keys.set(key.accessKeyId, key);
  const verifier = createSigV4Verifier({
    region,
    lookup: (id) => keys.get(id),
  });
  const app = createApp({
    layer,
    verifier,
    region,
    domain: options.domain,
    trustProxy: options.trustProxy,
    limiter: options.limiter,
    limits: options.limits,
    bodyPace: options.bodyPace,
    logger,
    notificationTarget: options.notificationTarget,
    access: createAccessControl({
      scopeOf: (id) => keys.get(id)?.scope ?? { owner: 'owner-id' },
      lookupBucket: (bucket) => store.buckets.get(bucket),
      accounts: new Map(
        [...keys.values()].flatMap(({ scope }) =>
          scope.principal?.type === 'user' ? [[scope.owner, scope.principal.account] as const] : [],
        ),
      ),
    }),
    ready: async () => {
      await store.ping();
      return true;
    },
  });

  async function send(request: TestRequest): Promise<Response> {
    const method = request.method ?? 'GET';
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers: Record<string, string> = {
      host: 'localhost:9000',
      'x-amz-content-sha256': request.stream
        ? 'UNSIGNED-PAYLOAD'
        : createHash('sha256')
            .update(body ?? '')
            .digest('hex'),
      ...request.headers,
    };
    if (body) headers['content-length'] = String(body.length);
    const query = request.query ?? {};
    let signedHeaders = headers;
    if (!request.unsigned) {
      const s =
        request.secret || request.key || request.region
          ? signerFor(request.region ?? region, {
              ...(request.key ?? TEST_KEY),
              ...(request.secret ? { secretAccessKey: request.secret } : {}),
            })
          : signer;
      const signed = await s.sign(
        new HttpRequest({
          method,
          protocol: 'http:',
          hostname: 'localhost',
          port: 9000,
          path: request.path,
          query,
          headers,
        }),
      );
      signedHeaders = signed.headers;
    }
    const qs = Object.entries(query)
      .map(([k, v]) => (v === '' ? rfc3986(k) : `${rfc3986(k)}=${rfc3986(v)}`))
      .join('&');
    return app.request(
      `http://localhost:9000${request.path}${qs ? `?${qs}` : ''}`,
      {
        method,
        headers: { ...signedHeaders, ...request.unsignedHeaders },
        ...(request.stream ? { body: request.stream, duplex: 'half' } : { body }),
      },
      { remoteAddress: request.peer ?? '127.0.0.1' },
    );
  }

  return {
    store,
    backend,
    dir,
    app,
    send,
    [Symbol.asyncDispose]: async () => {
      await meta.close();
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The `<Code>` of an S3 error body. */
export async function errorCode(res: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];
}

/** Base64 MD5, as Content-MD5 carries it. */
export function md5b64(data: string | Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

/**
 * A browser form upload (POST Object) to `bucket` of `key` with the `extra` fields, signed by
 * `signer` (default {@link TEST_KEY}) with a policy that allows exactly those fields, or with
 * neither policy nor signature (`'anonymous'`): the request to hand to {@link TestGateway.send}.
 */
export function postFormRequest(
  bucket: string,
  key: string,
  extra: readonly [string, string][] = [],
  signer:
    { readonly accessKeyId: string; readonly secretAccessKey: string } | 'anonymous' = TEST_KEY,
): TestRequest {
  const now = new Date();
  const conditions = [
    { bucket },
    { key },
    ...extra.map(([name]) => ['starts-with', `$${name}`, '']),
  ];
  const fields: [string, string][] = [
    ['key', key],
    ...extra,
    ...(signer === 'anonymous'
      ? []
      : signPolicy(conditions, {
          expiration: new Date(now.getTime() + 600_000),
          date: now,
          accessKeyId: signer.accessKeyId,
          secret: signer.secretAccessKey,
        })),
  ];
  return {
    method: 'POST',
    path: `/${bucket}`,
    unsigned: true,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: buildForm({ fields, file: { data: Buffer.from('form body') } }),
  };
}

/** Blob files the gateway's fs backend holds. */
export async function blobFiles(gw: TestGateway): Promise<string[]> {
  const root = join(gw.dir, 'objects', 'blobs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/** A fresh in-process gateway per test, disposed after it. */
export function useTestGateway(options: TestGatewayOptions = {}): () => TestGateway {
  let gw: TestGateway | undefined;
  beforeEach(async () => {
    gw = await createTestGateway(options);
  });
  afterEach(async () => {
    await gw?.[Symbol.asyncDispose]();
  });
  return () => gw!;
}
