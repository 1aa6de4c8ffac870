import { expect, it } from 'vitest';
import type { SdkEnv } from './sdk-env.js';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  ListObjectsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
} from '../support/aws-sdk.js';

/** 25 keys: `dir0/`…`dir2/` with five files each, then ten top-level keys. */
export const LIST_KEYS = [
  ...[0, 1, 2].flatMap((d) => [0, 1, 2, 3, 4].map((f) => `dir${d}/file${f}`)),
  ...Array.from({ length: 10 }, (_, i) => `top${String(i).padStart(2, '0')}`),
] as const;

async function fillBucket(client: S3Client, bucket: string): Promise<void> {
  const queue = [...LIST_KEYS];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** ListObjectsV2 (paginated, prefix, delimiter, start-after) and ListObjects v1. */
export function defineListTests(env: () => SdkEnv): void {
  it('ListObjectsV2 paginator: 25 keys, MaxKeys 7 → pages of 7,7,7,4 in byte order', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    await fillBucket(client, bucket);
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2({ client, pageSize: 7 }, { Bucket: bucket })) {
      const keys = page.Contents?.map((c) => c.Key!) ?? [];
      expect(page.KeyCount).toBe(keys.length);
      expect(page.MaxKeys).toBe(7);
      pages.push(keys);
    }
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
    expect(pages.flat()).toEqual([...LIST_KEYS]);
    const sizes = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dir1/file3' }),
    );
    expect(sizes.Contents).toHaveLength(1);
    expect(sizes.Contents![0]).toMatchObject({ Key: 'dir1/file3', Size: 10 });
    expect(sizes.Contents![0]!.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(sizes.Contents![0]!.LastModified).toBeInstanceOf(Date);
  });

  it('ListObjectsV2 with delimiter groups CommonPrefixes, also across pages', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    await fillBucket(client, bucket);
    const prefixes: string[] = [];
    const keys: string[] = [];
    let pageCount = 0;
    for await (const page of paginateListObjectsV2(
      { client, pageSize: 2 },
      { Bucket: bucket, Delimiter: '/' },
    )) {
      pageCount += 1;
      const entries = (page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0);
      expect(entries).toBeLessThanOrEqual(2);
      expect(page.KeyCount).toBe(entries);
      prefixes.push(...(page.CommonPrefixes?.map((p) => p.Prefix!) ?? []));
      keys.push(...(page.Contents?.map((c) => c.Key!) ?? []));
    }
    expect(prefixes).toEqual(['dir0/', 'dir1/', 'dir2/']);
    expect(keys).toEqual(LIST_KEYS.filter((k) => k.startsWith('top')));
    expect(pageCount).toBe(7);

    const inDir = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dir1/', Delimiter: '/' }),
    );
    expect(inDir.Contents?.map((c) => c.Key)).toEqual(
      LIST_KEYS.filter((k) => k.startsWith('dir1/')),
    );
    expect(inDir.CommonPrefixes ?? []).toEqual([]);
    expect(inDir.Prefix).toBe('dir1/');
    expect(inDir.Delimiter).toBe('/');

    const after = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'dir2/file4' }),
    );
    expect(after.Contents?.map((c) => c.Key)).toEqual(LIST_KEYS.filter((k) => k.startsWith('top')));
    const none = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'nothing/' }),
    );
    expect(none.KeyCount).toBe(0);
    expect(none.Contents ?? []).toEqual([]);
    expect(none.IsTruncated).toBe(false);
  });

  it('ListObjects (v1): Marker paging and delimiter', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    await fillBucket(client, bucket);
    const keys: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await client.send(
        new ListObjectsCommand({ Bucket: bucket, MaxKeys: 7, Marker: marker }),
      );
      pages += 1;
      const got = page.Contents?.map((c) => c.Key!) ?? [];
      keys.push(...got);
      if (!page.IsTruncated) break;
      // Without a delimiter S3 omits NextMarker: the next marker is the last key returned.
      marker = page.NextMarker ?? got.at(-1);
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(keys).toEqual([...LIST_KEYS]);

    const grouped = await client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/' }));
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir0/', 'dir1/', 'dir2/']);
    expect(grouped.Contents?.map((c) => c.Key)).toEqual(
      LIST_KEYS.filter((k) => k.startsWith('top')),
    );
    expect(grouped.IsTruncated).toBe(false);
  });
}
