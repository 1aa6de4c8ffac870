import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { startStrata, type TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileEvent } from './progress.js';
import type { SyncAction } from './sync-options.js';
import { createTransferEngine, type TransferEngine } from './transfer-engine.js';
import { isTransferError } from './transfer-error.js';

const bucket = 'tree';
const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// Names whose UTF-8 byte order differs from a naive walk: `a-c` sorts before the folder `a/`.
const TREE: Record<string, number> = {
  'a-c.txt': 10,
  'a/b.txt': 2_000,
  'a/deep/er/x.bin': 70_000,
  'é t é.txt': 5,
  'zz/空.bin': 0,
  'skip.tmp': 3,
};

describe('tree operations and sync against strata', () => {
  let server: TestServer;
  let s3: S3Client;
  let engine: TransferEngine;
  let work: string;

  async function makeTree(
    root: string,
    files: Record<string, number>,
  ): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const [rel, size] of Object.entries(files)) {
      const data = randomBytes(size);
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), data);
      hashes.set(rel, sha256(data));
    }
    return hashes;
  }

  async function keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const o of engine.list(bucket, prefix)) out.push(o.key.slice(prefix.length));
    return out;
  }

  beforeAll(async () => {
    server = await startStrata();
    s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    await s3.createBucket(bucket);
    engine = createTransferEngine({ client: s3, concurrency: 4 });
    work = await mkdtemp(join(tmpdir(), 'transfer-tree-'));
  });
  afterAll(async () => {
    await s3?.close();
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('uploads a tree, downloads it back byte for byte, and copies it server-side', async () => {
    const src = join(work, 'src');
    const hashes = await makeTree(src, TREE);
    const uploaded: FileEvent[] = [];
    const up = await engine.uploadDirectory(src, bucket, 'tree/', {
      exclude: ['*.tmp'],
      onFile: (e) => uploaded.push(e),
    });
    expect(up.failed).toEqual([]);
    expect(up.files).toBe(5);
    // One event per file, naming its key and path, with its size.
    expect(uploaded.map((e) => [e.key, e.path, e.bytes]).sort()).toEqual(
      Object.entries(TREE)
        .filter(([rel]) => !rel.endsWith('.tmp'))
        .map(([rel, size]) => [`tree/${rel}`, join(src, rel), size])
        .sort(),
    );
    expect(uploaded.every((e) => e.durationMs >= 0)).toBe(true);
    expect(await keys('tree/')).toEqual([
      'a-c.txt',
      'a/b.txt',
      'a/deep/er/x.bin',
      'zz/空.bin',
      'é t é.txt',
    ]);

    const copied = await engine.copyPrefix(
      { bucket, prefix: 'tree/' },
      { bucket, prefix: 'copy/' },
    );
    expect(copied).toMatchObject({ files: 5, failed: [] });

    const dst = join(work, 'dst');
    const downloaded: FileEvent[] = [];
    const down = await engine.downloadPrefix(bucket, 'copy/', dst, {
      onFile: (e) => downloaded.push(e),
    });
    expect(down).toMatchObject({ files: 5, failed: [] });
    expect(downloaded.map((e) => e.path).sort()).toEqual(
      [...hashes.keys()]
        .filter((rel) => !rel.endsWith('.tmp'))
        .map((rel) => join(dst, rel))
        .sort(),
    );
    for (const [rel, hash] of hashes) {
      if (rel.endsWith('.tmp')) continue;
      expect(sha256(await readFile(join(dst, rel))), rel).toBe(hash);
    }
  });

  it('deletes a prefix of more than 1 000 keys in batches, counting each key', async () => {
    const many = Array.from({ length: 1_005 }, (_, i) => `bulk/${String(i).padStart(4, '0')}`);
    for (let at = 0; at < many.length; at += 50) {
      await Promise.all(
        many.slice(at, at + 50).map((k) => s3.putObject(bucket, k, Buffer.from(k))),
      );
    }
    const batches: number[] = [];
    const counting = createTransferEngine({
      client: s3,
      onRequest: (e) => {
        if (e.operation === 'DeleteObjects') batches.push(1);
      },
    });
    const result = await counting.deletePrefix(bucket, 'bulk/');
    expect(result).toEqual({ deleted: 1_005, errors: [] });
    expect(batches).toHaveLength(2);
    expect(await keys('bulk/')).toEqual([]);
  });

  it('reports every key of a batch that failed as a whole, with its code', async () => {
    const result = await engine.deleteKeys('no-such-bucket', ['x', 'y', 'z']);
    expect(result.deleted).toBe(0);
    expect(result.errors.map((e) => [e.key, e.code])).toEqual([
      ['x', 'NoSuchBucket'],
      ['y', 'NoSuchBucket'],
      ['z', 'NoSuchBucket'],
    ]);
  });

  it('syncs a directory up: only changes, delete with dry run first, excluded paths untouched', async () => {
    const src = join(work, 'sync-up');
    await makeTree(src, TREE);
    await s3.putObject(bucket, 'up/remote-only.tmp', Buffer.from('kept: excluded'));
    const synced: string[] = [];
    const first = await engine.syncToS3(src, bucket, 'up/', {
      exclude: ['**/*.tmp'],
      onFile: (e) => synced.push(e.key),
    });
    expect(first).toMatchObject({ transferred: 5, unchanged: 0, failed: [] });
    expect(synced).toHaveLength(5);

    const again = await engine.syncToS3(src, bucket, 'up/', { exclude: ['**/*.tmp'] });
    expect(again).toMatchObject({ transferred: 0, unchanged: 5, deleted: 0 });

    await writeFile(join(src, 'a/b.txt'), randomBytes(2_001));
    await rm(join(src, 'a-c.txt'));
    const planned: SyncAction[] = [];
    const dry = await engine.syncToS3(src, bucket, 'up/', {
      exclude: ['**/*.tmp'],
      delete: true,
      dryRun: true,
      onAction: (a) => planned.push(a),
    });
    expect(planned.map((a) => [a.kind, a.key, a.reason])).toEqual([
      ['delete-remote', 'up/a-c.txt', 'extra'],
      ['upload', 'up/a/b.txt', 'size'],
    ]);
    expect(dry).toMatchObject({ transferred: 1, deleted: 1 });
    expect(await keys('up/')).toContain('a-c.txt');

    const real = await engine.syncToS3(src, bucket, 'up/', { exclude: ['**/*.tmp'], delete: true });
    expect(real).toMatchObject({ transferred: 1, deleted: 1, unchanged: 3, failed: [] });
    expect(await keys('up/')).toEqual([
      'a/b.txt',
      'a/deep/er/x.bin',
      'remote-only.tmp',
      'zz/空.bin',
      'é t é.txt',
    ]);
    const { contentLength } = await s3.headObject(bucket, 'up/a/b.txt');
    expect(contentLength).toBe(2_001);
  });

  it('with compare: checksum, uploads a same-size, same-mtime edit that size-mtime misses', async () => {
    const src = join(work, 'sync-sum');
    await makeTree(src, { 'f.bin': 4_096 });
    await engine.syncToS3(src, bucket, 'sum/');
    const before = await stat(join(src, 'f.bin'));
    await writeFile(join(src, 'f.bin'), randomBytes(4_096));
    await utimes(join(src, 'f.bin'), before.atime, before.mtime);
    const bySize = await engine.syncToS3(src, bucket, 'sum/', { dryRun: true });
    expect(bySize).toMatchObject({ transferred: 0, unchanged: 1 });
    const bySum = await engine.syncToS3(src, bucket, 'sum/', { compare: 'checksum' });
    expect(bySum).toMatchObject({ transferred: 1, unchanged: 0 });
    const again = await engine.syncToS3(src, bucket, 'sum/', { compare: 'checksum' });
    expect(again).toMatchObject({ transferred: 0, unchanged: 1 });
  });

  it('syncs a prefix down: new objects only, local extras deleted (after a dry run), includes', async () => {
    const src = join(work, 'down-src');
    await makeTree(src, { 'one.txt': 100, 'two/three.txt': 200, 'skip.log': 5 });
    await engine.uploadDirectory(src, bucket, 'down/');
    const dst = join(work, 'down-dst');
    const include = ['**/*.txt'];
    const first = await engine.syncFromS3(bucket, 'down/', dst, { include });
    expect(first).toMatchObject({ transferred: 2, failed: [] });
    await expect(stat(join(dst, 'skip.log'))).rejects.toThrow();

    const again = await engine.syncFromS3(bucket, 'down/', dst, { include });
    expect(again).toMatchObject({ transferred: 0, unchanged: 2 });

    await s3.putObject(bucket, 'down/four.txt', Buffer.from('four'));
    await writeFile(join(dst, 'local-only.txt'), 'extra');
    const planned: SyncAction[] = [];
    await engine.syncFromS3(bucket, 'down/', dst, {
      include,
      delete: true,
      dryRun: true,
      onAction: (a) => planned.push(a),
    });
    expect(planned.map((a) => [a.kind, a.key])).toEqual([
      ['download', 'down/four.txt'],
      ['delete-local', 'down/local-only.txt'],
    ]);
    expect((await stat(join(dst, 'local-only.txt'))).size).toBe(5);

    const real = await engine.syncFromS3(bucket, 'down/', dst, { include, delete: true });
    expect(real).toMatchObject({ transferred: 1, deleted: 1, unchanged: 2, failed: [] });
    expect(await readFile(join(dst, 'four.txt'), 'utf8')).toBe('four');
    await expect(stat(join(dst, 'local-only.txt'))).rejects.toThrow();
  });

  it('copies an object above multipartCopyThreshold in UploadPartCopy parts, byte for byte', async () => {
    const data = randomBytes(20 * MiB + 7);
    await s3.putObject(bucket, 'big/one.bin', data);
    const ops: string[] = [];
    const copier = createTransferEngine({
      client: s3,
      concurrency: 2,
      multipartCopyThreshold: 8 * MiB,
      onRequest: (e) => ops.push(e.operation),
    });
    const result = await copier.copyPrefix(
      { bucket, prefix: 'big/' },
      { bucket, prefix: 'big-copy/' },
    );
    expect(result).toMatchObject({ files: 1, bytes: data.length, failed: [] });
    expect(ops.filter((o) => o === 'UploadPartCopy')).toHaveLength(3);
    expect(ops).not.toContain('CopyObject');
    const target = join(work, 'big-copy.bin');
    await engine.downloadFile(bucket, 'big-copy/one.bin', target);
    expect(sha256(await readFile(target))).toBe(sha256(data));
    const uploads = await s3.listMultipartUploads(bucket, { prefix: 'big-copy/' });
    expect(uploads.uploads).toEqual([]);
  });

  it('refuses keys that would write outside the target folder, and downloads the rest', async () => {
    await s3.putObject(bucket, 'unsafe/../escaped.txt', Buffer.from('evil'));
    await s3.putObject(bucket, 'unsafe/ok.txt', Buffer.from('fine'));
    const dst = join(work, 'unsafe-dst');
    const result = await engine.downloadPrefix(bucket, 'unsafe/', dst);
    expect(result.files).toBe(1);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.key).toBe('unsafe/../escaped.txt');
    expect(isTransferError(result.failed[0]!.error, 'EUNSAFE_KEY')).toBe(true);
    expect(await readFile(join(dst, 'ok.txt'), 'utf8')).toBe('fine');
    await expect(stat(join(work, 'escaped.txt'))).rejects.toThrow();
  });

  it('with compare: checksum, recognises a multipart ETag and catches a same-size edit', async () => {
    const src = join(work, 'sync-multi');
    await makeTree(src, { 'm.bin': 20 * MiB + 1 });
    const multipart = createTransferEngine({
      client: s3,
      concurrency: 2,
      multipartThreshold: 8 * MiB,
    });
    await multipart.syncToS3(src, bucket, 'multi/');
    const { etag } = await s3.headObject(bucket, 'multi/m.bin');
    expect(etag).toMatch(/-\d+$/);
    const same = await multipart.syncToS3(src, bucket, 'multi/', { compare: 'checksum' });
    expect(same).toMatchObject({ transferred: 0, unchanged: 1 });
    const before = await stat(join(src, 'm.bin'));
    await writeFile(join(src, 'm.bin'), randomBytes(20 * MiB + 1));
    await utimes(join(src, 'm.bin'), before.atime, before.mtime);
    const edited = await multipart.syncToS3(src, bucket, 'multi/', {
      compare: 'checksum',
      dryRun: true,
    });
    expect(edited).toMatchObject({ transferred: 1, unchanged: 0 });
  });

  it('syncs one prefix to another server-side: what is missing or changed, extras after a dry run', async () => {
    const mirror = 'tree-mirror';
    await s3.createBucket(mirror);
    const from = { bucket, prefix: 's3src/' };
    const to = { bucket: mirror, prefix: 'm/' };
    const big = randomBytes(70_000);
    await s3.putObject(bucket, 's3src/a.txt', Buffer.from('ten bytes!'));
    await s3.putObject(bucket, 's3src/d/b.bin', big);
    await s3.putObject(bucket, 's3src/skip.tmp', Buffer.from('tmp'));
    const files: FileEvent[] = [];
    const first = await engine.syncS3(from, to, {
      exclude: ['**/*.tmp'],
      onFile: (e) => files.push(e),
    });
    expect(first).toMatchObject({ transferred: 2, bytes: 70_010, unchanged: 0, failed: [] });
    expect(files.map((f) => f.key).sort()).toEqual(['m/a.txt', 'm/d/b.bin']);
    const copy = join(work, 'mirror-b.bin');
    await engine.downloadFile(mirror, 'm/d/b.bin', copy);
    expect(sha256(await readFile(copy))).toBe(sha256(big));
    const again = await engine.syncS3(from, to, { exclude: ['**/*.tmp'] });
    expect(again).toMatchObject({ transferred: 0, unchanged: 2 });

    await s3.putObject(bucket, 's3src/a.txt', Buffer.from('now eleven!'));
    await s3.putObject(mirror, 'm/extra.txt', Buffer.from('x'));
    const planned: SyncAction[] = [];
    const dry = await engine.syncS3(from, to, {
      exclude: ['**/*.tmp'],
      delete: true,
      dryRun: true,
      onAction: (a) => planned.push(a),
    });
    expect(dry).toMatchObject({ transferred: 1, deleted: 1 });
    expect(planned).toEqual([
      {
        kind: 'copy',
        key: 'm/a.txt',
        path: '',
        size: 11,
        reason: 'size',
        source: { bucket, key: 's3src/a.txt' },
      },
      { kind: 'delete-remote', key: 'm/extra.txt', path: '', size: 1, reason: 'extra' },
    ]);
    const mirrored = async () => {
      const out: string[] = [];
      for await (const o of engine.list(mirror, 'm/')) out.push(o.key);
      return out;
    };
    expect(await mirrored()).toContain('m/extra.txt');
    const real = await engine.syncS3(from, to, { exclude: ['**/*.tmp'], delete: true });
    expect(real).toMatchObject({ transferred: 1, deleted: 1, deleteErrors: [] });
    expect(await mirrored()).toEqual(['m/a.txt', 'm/d/b.bin']);

    // A same-size edit in the same second: the ETags tell, with compare: checksum.
    await s3.putObject(bucket, 's3src/a.txt', Buffer.from('NOW ELEVEN!'));
    const bySum = await engine.syncS3(from, to, { exclude: ['**/*.tmp'], compare: 'checksum' });
    expect(bySum).toMatchObject({ transferred: 1, unchanged: 1 });
    await engine.downloadFile(mirror, 'm/a.txt', join(work, 'mirror-a.txt'));
    expect(await readFile(join(work, 'mirror-a.txt'), 'utf8')).toBe('NOW ELEVEN!');
    expect(
      await engine.syncS3(from, to, { compare: 'checksum', exclude: ['**/*.tmp'] }),
    ).toMatchObject({
      transferred: 0,
      unchanged: 2,
    });

    // One prefix inside the other in one bucket: each copy would be listed again, without end.
    await expect(
      engine.syncS3({ bucket, prefix: 'p/' }, { bucket, prefix: 'p/q/' }),
    ).rejects.toThrow(RangeError);
  });
});
