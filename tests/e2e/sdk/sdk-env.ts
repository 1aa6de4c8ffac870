import type { Dispatcher } from 'undici';
import { expect } from 'vitest';
import {
  createTestDispatcher,
  createTestS3Client,
  recordResponses,
  uniqueBucketName,
  type ChecksumMode,
  type RecordedResponse,
} from '../support/s3-client.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand } from '../support/aws-sdk.js';

/** Transports the SDK suite runs over. */
export const TRANSPORTS = ['http', 'https'] as const;
/** Addressing styles the SDK suite runs with. */
export const STYLES = ['path', 'virtual'] as const;
/** Base domain the gateway serves virtual-host style for (`--domain`). */
export const VIRTUAL_HOST_DOMAIN = 's3.localhost';

/** Everything one cell of the SDK matrix needs. */
export interface SdkEnv {
  readonly transport: (typeof TRANSPORTS)[number];
  readonly style: (typeof STYLES)[number];
  readonly checksums: ChecksumMode;
  readonly endpoint: string;
  readonly ca: Buffer | undefined;
  /** The gateway's data dir: its fs backend keeps the stored bytes under `objects/`. */
  readonly dataDir: string;
  readonly client: S3Client;
  /** Raw responses `client` received during the current test. */
  readonly responses: RecordedResponse[];
  /** For presigned URLs: reaches every host on loopback and trusts the test CA. */
  readonly dispatcher: Dispatcher;
  /** Another client on the same endpoint and style, with other credentials or checksum mode. */
  clientWith(overrides: ClientOverrides): S3Client;
  /** Creates a bucket only the calling test uses. */
  newBucket(): Promise<string>;
}

/** What {@link SdkEnv.clientWith} may change. */
export interface ClientOverrides {
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly checksums?: ChecksumMode;
}

/** Options for {@link createSdkEnv}. */
export interface SdkEnvOptions {
  readonly transport: SdkEnv['transport'];
  readonly style: SdkEnv['style'];
  readonly checksums: ChecksumMode;
  /** Gateway port. */
  readonly port: number;
  readonly ca: Buffer | undefined;
  /** The gateway's `--data-dir`. */
  readonly dataDir: string;
}

/** Builds the clients of one matrix cell. */
export function createSdkEnv(options: SdkEnvOptions): SdkEnv {
  const host = options.style === 'path' ? '127.0.0.1' : VIRTUAL_HOST_DOMAIN;
  const endpoint = `${options.transport}://${host}:${options.port}`;
  const make = (overrides: ClientOverrides = {}) =>
    createTestS3Client({
      endpoint,
      ca: options.ca,
      forcePathStyle: options.style === 'path',
      checksums: overrides.checksums ?? options.checksums,
      ...(overrides.credentials ? { credentials: overrides.credentials } : {}),
    });
  const client = make();
  const responses = recordResponses(client);
  return {
    ...options,
    endpoint,
    client,
    responses,
    dispatcher: createTestDispatcher(options.ca),
    clientWith: make,
    newBucket: async () => {
      const bucket = uniqueBucketName(
        `sdk-${options.style[0]}${options.checksums === 'WHEN_REQUIRED' ? 'r' : 's'}`,
      );
      const out = await client.send(new CreateBucketCommand({ Bucket: bucket }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      return bucket;
    },
  };
}

/** Asserts that every response recorded in `env` carries a request id (and `x-amz-id-2`). */
export function expectRequestIds(responses: readonly RecordedResponse[]): void {
  for (const r of responses) {
    expect(
      r.headers['x-amz-request-id'],
      `${r.operation} → ${r.status} lacks x-amz-request-id`,
    ).toMatch(/\S/);
    expect(r.headers['x-amz-id-2'], `${r.operation} → ${r.status} lacks x-amz-id-2`).toMatch(/\S/);
  }
}
