import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Agent as UndiciAgent, type Dispatcher } from 'undici';
import { loopbackLookup } from './loopback.js';
import { TEST_CREDENTIALS } from './strata-process.js';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Client } from './aws-sdk.js';

/** Checksum behaviours of the SDK: its default, and the pre-2025 behaviour. */
export const CHECKSUM_MODES = ['WHEN_SUPPORTED', 'WHEN_REQUIRED'] as const;
/** One of {@link CHECKSUM_MODES}. */
export type ChecksumMode = (typeof CHECKSUM_MODES)[number];

/** Options for {@link createTestS3Client}. */
export interface TestS3ClientOptions {
  /** `http(s)://host:port`; for virtual-host style a name under the gateway's `--domain`. */
  readonly endpoint: string;
  /** Extra CA to trust (the self-signed test certificate). */
  readonly ca?: Buffer | undefined;
  readonly forcePathStyle?: boolean;
  readonly checksums?: ChecksumMode;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * An S3 client for the gateway under test: every name resolves to loopback, no retries (a
 * failure shows up as it happened), and the SDK's checksum behaviour chosen explicitly.
 */
export function createTestS3Client(options: TestS3ClientOptions): S3Client {
  const agentOptions = { keepAlive: true, maxSockets: 16, lookup: loopbackLookup };
  const checksums = options.checksums ?? 'WHEN_SUPPORTED';
  const config: S3ClientConfig = {
    endpoint: options.endpoint,
    region: 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? true,
    credentials: { ...(options.credentials ?? TEST_CREDENTIALS) },
    maxAttempts: 1,
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    requestHandler: {
      // A hung request fails the test in seconds (idle-socket timeout, not a transfer limit).
      requestTimeout: 30_000,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) }),
    },
  };
  return new S3Client(config);
}

/** A raw HTTP response the SDK received (before deserialization). */
export interface RecordedResponse {
  readonly operation: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Records every raw HTTP response `client` receives, errors included, into the returned array.
 * The middleware sits inside the deserializer (same step, lower priority), so it sees the
 * response exactly as the gateway sent it.
 */
export function recordResponses(client: S3Client): RecordedResponse[] {
  const seen: RecordedResponse[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string> };
      seen.push({
        operation: String(context.commandName ?? '?'),
        status: response.statusCode ?? 0,
        headers: response.headers ?? {},
      });
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'strataE2eRecordResponses' },
  );
  return seen;
}

/** An undici dispatcher that reaches every host on loopback and trusts `ca`. */
export function createTestDispatcher(ca?: Buffer): Dispatcher {
  return new UndiciAgent({ connect: { lookup: loopbackLookup, ...(ca ? { ca } : {}) } });
}

/** What a rejected SDK call looked like. */
export interface CaughtS3Error {
  readonly name: string;
  readonly status: number | undefined;
  readonly message: string;
}

/** Awaits `promise`, expecting it to reject with an SDK error; returns the error's shape. */
export async function catchS3Error(promise: Promise<unknown>): Promise<CaughtS3Error> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: String(e.name),
      status: e.$metadata?.httpStatusCode,
      message: String(e.message),
    };
  }
  throw new Error('expected the request to fail, but it succeeded');
}

let counter = 0;

/** A bucket name unique to this run (DNS-compatible, no dots, so virtual-host style works). */
export function uniqueBucketName(prefix: string): string {
  counter += 1;
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${process.pid}-${counter}-${rand}`.toLowerCase().slice(0, 63);
}
