import { Agent } from 'node:http';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ClientDriver, ClientDriverConfig } from './client-driver.js';

/** The SDK's checksum settings compared: the shipped default, and checksums only when required. */
export const AWS_SDK_CHECKSUM_MODES = ['when-required', 'default'] as const;

/** One of {@link AWS_SDK_CHECKSUM_MODES}. */
export type AwsSdkChecksumMode = (typeof AWS_SDK_CHECKSUM_MODES)[number];

/**
 * `@aws-sdk/client-s3` v3 with a keep-alive `http.Agent`: `PutObjectCommand` with a stream or
 * Buffer body and `ContentLength`, `GetObjectCommand` reading `Body`. With `'default'` the SDK
 * computes a CRC32 of every PUT body (a trailer after an aws-chunked stream, a header for a
 * Buffer) and validates the CRC32 the server returns on GET; `'when-required'` sets both
 * `requestChecksumCalculation` and `responseChecksumValidation` to `WHEN_REQUIRED`.
 */
export function createAwsSdkDriver(
  config: ClientDriverConfig,
  mode: AwsSdkChecksumMode,
): ClientDriver {
  const agent = new Agent({ keepAlive: true, maxSockets: config.connections });
  const client = new S3Client({
    endpoint: config.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestHandler: { httpAgent: agent },
    ...(mode === 'when-required'
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
  const Bucket = config.bucket;
  let closed = false;
  return {
    name: mode === 'when-required' ? 'aws-sdk WHEN_REQUIRED' : 'aws-sdk default (CRC32)',
    async put(Key, Body, ContentLength) {
      await client.send(new PutObjectCommand({ Bucket, Key, Body, ContentLength }));
    },
    async get(Key) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key }));
      let bytes = 0;
      for await (const chunk of res.Body as AsyncIterable<Uint8Array>) bytes += chunk.length;
      return bytes;
    },
    async delete(Key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key }));
    },
    close() {
      if (!closed) {
        closed = true;
        client.destroy();
        agent.destroy();
      }
      return Promise.resolve();
    },
  };
}
