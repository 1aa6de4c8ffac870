import { Readable } from 'node:stream';
import { createS3Client } from '@strata/s3-client';
import { TcpProxy, startStrata } from '@strata/s3-client/testing';
import type { TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Backend } from '../s3-backend.js';
import { byteSorted } from '../testing/test-helpers.js';
import { listBlobs } from './s3-list.js';

const NAMES = ['l/😀', 'l/a', 'l/B', 'l/\uFFFD', 'l/a/b', 'l/é', 'l/z'];

describe('listBlobs', () => {
  let strata: TestServer;
  let proxy: TcpProxy;
  let endpoint: string;

  beforeAll(async () => {
    strata = await startStrata();
    proxy = new TcpProxy(strata.endpoint);
    endpoint = await proxy.listen();
    const { credentials } = strata;
    await using backend = createS3Backend({
      name: 'l',
      bucket: 'lists',
      endpoint,
      credentials,
      prefix: 'x/',
    });
    await using admin = createS3Client({ endpoint, credentials });
    await admin.createBucket('lists');
    for (const name of NAMES) await backend.put(name, Readable.from([Buffer.from(name)]));
  });
  afterAll(async () => {
    await proxy?.close();
    await strata?.close();
  });

  const listRequests = () =>
    proxy.requests.filter((r) => r.method === 'GET' && r.path.includes('list-type=2')).length;

  it('pages lazily, in byte order across pages, without the prefix', async () => {
    await using client = createS3Client({ endpoint, credentials: strata.credentials });
    const target = { name: 'l', client, bucket: 'lists', prefix: 'x/' };
    const before = listRequests();
    const names: string[] = [];
    for await (const info of listBlobs(target, 'l/', { signal: undefined, pageSize: 2 })) {
      names.push(info.blob);
    }
    expect(names).toEqual(byteSorted(NAMES));
    expect(listRequests() - before).toBe(Math.ceil(NAMES.length / 2));

    // A caller that stops early fetches no further page: memory is one page.
    const first = listRequests();
    for await (const info of listBlobs(target, 'l/', { signal: undefined, pageSize: 2 })) {
      expect(info.blob).toBe('l/B');
      break;
    }
    expect(listRequests() - first).toBe(1);
  });
});
