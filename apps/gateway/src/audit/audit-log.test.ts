import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';

const credentials = { accessKeyId: 'AKAUDITTEST0001', secretAccessKey: 'audit-secret-0123456789' };

describe('audit log of a running gateway', () => {
  let dir: string;
  let gateway: RunningGateway;
  let client: S3Client;
  const lines: Record<string, unknown>[] = [];
  const texts: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-audit-'));
    gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: join(dir, 'data'),
        tenants: [
          {
            name: 'acme',
            credentials: [
              {
                access_key_id: credentials.accessKeyId,
                secret_access_key: credentials.secretAccessKey,
              },
            ],
          },
        ],
        workers: { enabled: false },
        // Small enough that the requests below rotate it.
        audit: { output: join(dir, 'logs', 'audit.log'), max_size: '2KiB', max_files: 3 },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    client = new S3Client({
      endpoint: gateway.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
    });
    await client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await client.send(
      new PutObjectCommand({ Bucket: 'bkt', Key: 'dir/a b.txt', Body: 'x'.repeat(3000) }),
    );
    const presigned = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: 'bkt', Key: 'dir/a b.txt' }),
      { expiresIn: 60 },
    );
    expect((await fetch(presigned)).status).toBe(200);
    await client.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'missing' })).catch(() => {});
    // A bad signature: audited before routing, with the key id it claimed.
    const forged = new S3Client({
      endpoint: gateway.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { ...credentials, secretAccessKey: 'wrong-secret-000000000' },
      maxAttempts: 1,
    });
    await forged
      .send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'dir/a b.txt' }))
      .catch(() => {});
    forged.destroy();
    for (let i = 0; i < 20; i++) {
      await client.send(new PutObjectCommand({ Bucket: 'bkt', Key: `k${i}`, Body: 'y' }));
    }
    await fetch(`${gateway.url}/health`);
    client.destroy();
    await gateway.close();
    for (const file of await readdir(join(dir, 'logs'))) {
      if (file.endsWith('.history')) continue;
      const text = await readFile(join(dir, 'logs', file), 'utf8');
      texts.push(text);
      for (const line of text.split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one line per S3 request with who, what, how and from where', () => {
    const put = lines.find((l) => l.operation === 'PutObject' && l.key === 'dir/a b.txt');
    expect(put).toMatchObject({
      event: 'request',
      tenant: 'acme',
      accessKeyId: credentials.accessKeyId,
      bucket: 'bkt',
      status: 200,
      bytesIn: 3000,
      bytesOut: 0,
      clientAddress: '127.0.0.1',
    });
    expect(typeof put?.requestId).toBe('string');
    expect(Number.isNaN(Date.parse(String(put?.time)))).toBe(false);
    const presignedGet = lines.find((l) => l.operation === 'GetObject' && l.status === 200);
    expect(presignedGet).toMatchObject({ key: 'dir/a b.txt', bytesOut: 3000 });
    expect(lines.find((l) => l.key === 'missing')).toMatchObject({
      operation: 'GetObject',
      status: 404,
      errorCode: 'NoSuchKey',
    });
    expect(lines.find((l) => l.errorCode === 'SignatureDoesNotMatch')).toMatchObject({
      operation: 'unknown',
      status: 403,
    });
  });

  it('never writes a signature, a secret or a query string, and skips the probes', () => {
    const all = texts.join('');
    expect(all).not.toContain(credentials.secretAccessKey);
    expect(all).not.toMatch(/X-Amz-Signature|Signature=|X-Amz-Credential|AWS4-HMAC-SHA256/i);
    expect(lines.every((l) => l.level === undefined)).toBe(true);
    expect(lines.some((l) => l.bucket === 'health' || l.bucket === 'ready')).toBe(false);
    expect(lines.every((l) => l.operation !== undefined)).toBe(true);
  });

  it('rotates by size and keeps at most max_files rotated files', async () => {
    const files = await readdir(join(dir, 'logs'));
    expect(files).toContain('audit.log');
    const rotated = files.filter((f) => f !== 'audit.log' && f !== 'audit.log.history');
    expect(rotated.length).toBeGreaterThanOrEqual(1);
    expect(rotated.length).toBeLessThanOrEqual(3);
    for (const file of rotated) expect(file).toMatch(/^audit\.log\.\d{8}-\d{6}-\d+$/);
  });
});

describe('an audit file that cannot be written', () => {
  it('is logged as an error, and requests are still served', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-audit-bad-'));
    const errors: string[] = [];
    const logger = pino(
      { level: 'error' },
      { write: (line: string) => void errors.push(String(JSON.parse(line).msg)) },
    );
    const gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: join(dir, 'data'),
        credentials: [
          {
            access_key_id: credentials.accessKeyId,
            secret_access_key: credentials.secretAccessKey,
          },
        ],
        workers: { enabled: false },
        // A path below a regular file: no directory can be made there.
        audit: { output: '/dev/null/audit.log' },
      }),
      { logger },
    );
    const client = new S3Client({
      endpoint: gateway.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
    });
    try {
      await client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      await client.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'a', Body: 'x' }));
      expect(errors).toContain('could not write the audit log');
    } finally {
      client.destroy();
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
