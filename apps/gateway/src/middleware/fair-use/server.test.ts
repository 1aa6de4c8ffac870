import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../../config/load-config.js';
import { startGateway } from '../../server/start-gateway.js';

const credentials = { accessKeyId: 'AKLIMITSTEST', secretAccessKey: 'limits-secret-0123' };

/** What a probe request got: 200, or the S3 error code and Retry-After of its refusal. */
async function probe(client: S3Client): Promise<{ status: number; code?: string; retry?: string }> {
  try {
    await client.send(new ListBucketsCommand({}));
    return { status: 200 };
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    const response = error.$response as { headers?: Record<string, string> } | undefined;
    return {
      status: error.$metadata.httpStatusCode ?? 0,
      code: error.name,
      retry: response?.headers?.['retry-after'],
    };
  }
}

describe('limits on a running gateway (real sockets, from strata.yaml keys)', () => {
  it('holds a per-address slot while a response streams, and frees it when the client goes away', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'strata-limits-'));
    const config = validateConfig({
      listen: '127.0.0.1:0',
      data_dir: dataDir,
      credentials: [
        { access_key_id: credentials.accessKeyId, secret_access_key: credentials.secretAccessKey },
      ],
      workers: { enabled: false },
      limits: { per_address: { in_flight: 1 } },
    });
    const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
    const client = new S3Client({
      endpoint: gateway.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      // Every refusal is seen as such, not retried away.
      maxAttempts: 1,
    });
    try {
      await client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      // Far more than socket buffers hold: the response cannot finish while nobody reads it.
      const size = 32 * 1024 * 1024;
      await client.send(
        new PutObjectCommand({ Bucket: 'bkt', Key: 'big', Body: Buffer.alloc(size, 7) }),
      );
      const get = await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'big' }));
      // Headers are in, the body is held back: this address has one request in flight.
      const refused = await probe(client);
      expect(refused).toMatchObject({ status: 503, code: 'SlowDown', retry: '1' });
      // The client goes away mid-body: the server sees the socket close and frees the slot.
      (get.Body as Readable).destroy();
      await vi.waitFor(async () => expect((await probe(client)).status).toBe(200), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      client.destroy();
      await gateway.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
