// Test support (excluded from the build): requests signed by the real AWS SDK for JavaScript v3
// (@aws-sdk/client-s3 and @aws-sdk/s3-request-presigner), captured by a request handler that
// records the signed request and answers nothing, then turned into what a Node server sees.
import { Readable } from 'node:stream';
import {
  S3Client,
  type DeleteObjectsCommand,
  type GetObjectCommand,
  type HeadObjectCommand,
  type ListObjectsV2Command,
  type PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/protocol-http';
import type { VerifiableRequest } from '../verifiable-request.js';
import { ACCESS_KEY, escapeUri, REGION, SECRET } from './smithy-signer.js';

const noop = (): void => undefined;

/** Thrown by the recording handler so the SDK stops after signing; never retried. */
class Recorded extends Error {
  override readonly name = 'Recorded';
}

/** A signed request as the SDK handed it to its HTTP handler. */
export interface SdkRequest {
  readonly request: VerifiableRequest;
  /** The body the SDK would send: a Buffer, a string, a stream (aws-chunked), or none. */
  readonly body: unknown;
}

/** The commands the oracle tests send. */
export type SdkCommand =
  | PutObjectCommand
  | GetObjectCommand
  | HeadObjectCommand
  | ListObjectsV2Command
  | DeleteObjectsCommand;

/** An S3 client whose every request is recorded instead of sent. */
export interface RecordingClient {
  readonly client: S3Client;
  /** Send `command` and return the request the SDK signed for it. */
  record(command: SdkCommand): Promise<SdkRequest>;
}

/**
 * An S3 client as an application configures it (default checksums, retries off so a request is
 * signed once), pointed at a local endpoint, path style or virtual-hosted style.
 */
export function createRecordingClient(style: 'path' | 'virtual'): RecordingClient {
  const seen: { last?: HttpRequest | undefined } = {};
  const client = new S3Client({
    region: REGION,
    endpoint: style === 'path' ? 'http://localhost:9000' : 'http://s3.example.test:9000',
    forcePathStyle: style === 'path',
    maxAttempts: 1,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
    // Quiet: the retry middleware warns about every "failed" streaming upload (ours all stop
    // at the handler), on the console unless a logger of our own is given.
    logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop },
    requestHandler: {
      handle: (request: HttpRequest) => {
        seen.last = request;
        return Promise.reject(new Recorded('recorded'));
      },
    },
  });
  return {
    client,
    async record(command) {
      seen.last = undefined;
      // `send` is overloaded per command type; any of these commands is valid here.
      await client.send(command as PutObjectCommand).catch((err: unknown) => {
        if (!(err instanceof Error) || err.name !== 'Recorded') throw err;
      });
      // Set by the handler during `send`, which TypeScript cannot see.
      const last = seen.last as HttpRequest | undefined;
      if (last === undefined) throw new Error('the SDK sent nothing');
      return { request: toVerifiable(last), body: last.body as unknown };
    },
  };
}

/**
 * What a Node HTTP server would see of the SDK's request: the path as sent, the query string the
 * SDK's Node handler builds (`@smithy/querystring-builder`: names sorted, values escaped, a bare
 * name for `null`), lower-case header names and values trimmed by the HTTP parser.
 */
export function toVerifiable(req: HttpRequest): VerifiableRequest {
  const parts: string[] = [];
  for (const name of Object.keys(req.query).sort()) {
    const value = req.query[name];
    const key = escapeUri(name);
    if (Array.isArray(value)) for (const v of value) parts.push(`${key}=${escapeUri(v)}`);
    else parts.push(value === null || value === undefined ? key : `${key}=${escapeUri(value)}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = value.trim();
  }
  return { method: req.method, path: req.path, query: parts.join('&'), headers };
}

/** A presigned URL as an HTTP server receives it (plus the Host header the client sends). */
export function fromUrl(method: string, url: string): VerifiableRequest {
  const parsed = new URL(url);
  const raw = url.slice(url.indexOf(parsed.host) + parsed.host.length);
  const q = raw.indexOf('?');
  return {
    method,
    path: q < 0 ? raw : raw.slice(0, q),
    query: q < 0 ? '' : raw.slice(q + 1),
    headers: { host: parsed.host },
  };
}

/** The bytes of a recorded body (a stream is read to the end: test bodies are small). */
export async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  throw new Error(`unexpected body type ${typeof body}`);
}
