import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { TcpProxy, startStrata, type TestServer } from '@strata/s3-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from './progress.js';
import { createTransferEngine, type TransferEngine } from './transfer-engine.js';

const MiB = 1024 * 1024;
const bucket = 'faults';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Matches the upstream chunk `after` chunks past the head of part `part`, once. */
class MidPartReset extends RegExp {
  #seen = -1;
  #fired = false;
  constructor(
    readonly part: number,
    readonly after: number,
  ) {
    super(`partNumber=${part}&`);
  }
  override test(text: string): boolean {
    if (this.#fired) return false;
    if (this.#seen < 0 && super.test(text)) this.#seen = 0;
    else if (this.#seen >= 0 && ++this.#seen === this.after) this.#fired = true;
    return this.#fired;
  }
  get fired(): boolean {
    return this.#fired;
  }
}

describe('faults between the engine and strata (loopback proxy)', () => {
  let server: TestServer;
  let direct: S3Client;
  let dir: string;
  let proxy: TcpProxy;
  let s3: S3Client | undefined;
  let events: RequestEvent[];

  async function proxiedEngine(options: { minMs?: number } = {}): Promise<TransferEngine> {
    proxy = new TcpProxy(server.endpoint);
    const endpoint = await proxy.listen();
    s3 = createS3Client({ endpoint, credentials: server.credentials, retry: { maxAttempts: 1 } });
    events = [];
    return createTransferEngine({
      client: s3,
      concurrency: 1,
      multipartThreshold: 8 * MiB,
      retry: { baseMs: 10, capMs: 50 },
      timeouts: { minMs: options.minMs ?? 2_000 },
      onRequest: (e) => events.push(e),
    });
  }

  beforeAll(async () => {
    server = await startStrata();
    direct = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    await direct.createBucket(bucket);
    dir = await mkdtemp(join(tmpdir(), 'transfer-faults-'));
  });
  afterEach(async () => {
    await s3?.close();
    await proxy?.close();
    s3 = undefined;
  });
  afterAll(async () => {
    await direct?.close();
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('retries a part whose connection is reset mid-body, re-reading it from disk', async () => {
    const engine = await proxiedEngine();
    const reset = new MidPartReset(2, 20);
    proxy.resetOnRequest = reset;
    const data = randomBytes(20 * MiB);
    const source = join(dir, 'reset-up');
    await writeFile(source, data);
    const up = await engine.uploadFile(source, bucket, 'reset-up', { partSize: 8 * MiB });
    expect(reset.fired).toBe(true);
    expect(up.parts).toBe(3);
    const part2 = events.find((e) => e.operation === 'UploadPart' && e.attempt === 2);
    expect(part2?.bytes).toBe(8 * MiB);
    const target = join(dir, 'reset-up.copy');
    await createTransferEngine({ client: direct }).downloadFile(bucket, 'reset-up', target);
    expect(sha256(await readFile(target))).toBe(sha256(data));
  });

  it('retries a range whose reply is cut mid-body, and writes exact bytes', async () => {
    const data = randomBytes(20 * MiB);
    await direct.putObject(bucket, 'reset-down', data);
    const engine = await proxiedEngine();
    // The first connection carries the HEAD, then the first range: cut it 3 MiB in.
    proxy.policy = (n) => (n === 0 ? { kind: 'reset-after', bytes: 3 * MiB } : { kind: 'pass' });
    const target = join(dir, 'reset-down');
    const down = await engine.downloadFile(bucket, 'reset-down', target, { partSize: 8 * MiB });
    expect(proxy.cuts).toBe(1);
    expect(down.parts).toBe(3);
    expect(events.filter((e) => e.operation === 'GetObject').map((e) => e.attempt)).toContain(2);
    expect(sha256(await readFile(target))).toBe(sha256(data));
  });

  it('aborts a request that outlives its adaptive timeout and retries it with a longer one', async () => {
    const engine = await proxiedEngine({ minMs: 300 });
    proxy.policy = (n) => (n === 0 ? { kind: 'blackhole' } : { kind: 'pass' });
    const data = randomBytes(4096);
    const source = join(dir, 'stalled');
    await writeFile(source, data);
    const started = Date.now();
    await engine.uploadFile(source, bucket, 'stalled');
    // Far below the client's own 30 s time-to-first-byte timeout: the engine's timeout fired.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(events).toEqual([expect.objectContaining({ operation: 'PutObject', attempt: 2 })]);
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
    const { body } = await direct.getObject(bucket, 'stalled');
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
  });
});
