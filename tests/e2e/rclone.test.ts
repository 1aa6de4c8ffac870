/**
 * Debian's rclone against the real `strata` binary over HTTP and HTTPS (`--ca-cert`), configured
 * only through `RCLONE_CONFIG_STRATA_*` environment variables (provider `Other`, path style).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand, PutObjectCommand } from './support/aws-sdk.js';
import {
  AWKWARD_FS_KEYS,
  FIVE_MIB,
  byteOrder,
  hashFiles,
  hashTree,
  headOf,
  inspector,
  listAll,
  standardFiles,
  writeTree,
} from './support/client-data.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { TRANSPORTS, useGateway } from './support/gateway-fixture.js';
import { mustRun, runClient } from './support/run-client.js';
import { uniqueBucketName } from './support/s3-client.js';
import { TEST_CREDENTIALS } from './support/strata-process.js';
import { md5, multipartEtag, partMd5s, seededBytes, sha256 } from './support/test-data.js';
import type { S3Client } from '@aws-sdk/client-s3';

const RCLONE = '/usr/bin/rclone';
const recorder = createCompatRecorder('rclone');

/** `--s3-upload-cutoff` and `--s3-chunk-size`: multipart above 5 MiB, in 5 MiB parts. */
const MULTIPART_FLAGS = ['--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M'];

describe.each(TRANSPORTS)('rclone over %s', (transport) => {
  const gateway = useGateway(transport, 'rclone');
  recorder.track('rclone', transport);
  let sdk: S3Client;
  let dir: string;
  let n = 0;

  const env = (secret: string = TEST_CREDENTIALS.secretAccessKey) => ({
    RCLONE_CONFIG: '/dev/null',
    RCLONE_CONFIG_STRATA_TYPE: 's3',
    RCLONE_CONFIG_STRATA_PROVIDER: 'Other',
    RCLONE_CONFIG_STRATA_ENV_AUTH: 'false',
    RCLONE_CONFIG_STRATA_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    RCLONE_CONFIG_STRATA_SECRET_ACCESS_KEY: secret,
    RCLONE_CONFIG_STRATA_ENDPOINT: gateway().endpoint,
    RCLONE_CONFIG_STRATA_REGION: 'us-east-1',
    RCLONE_CONFIG_STRATA_FORCE_PATH_STYLE: 'true',
  });
  const args = (list: readonly string[]) => [
    ...list,
    '--retries',
    '1',
    '--low-level-retries',
    '1',
    ...(gateway().cert ? ['--ca-cert', gateway().cert!.certFile] : []),
  ];
  const rclone = (list: readonly string[]) =>
    mustRun(RCLONE, args(list), { cwd: gateway().home, env: env() });
  const rcloneRaw = (list: readonly string[], secret?: string) =>
    runClient(RCLONE, args(list), { cwd: gateway().home, env: env(secret) });
  const workDir = async (name: string) => {
    n += 1;
    const path = join(dir, `${name}-${n}`);
    await mkdir(path, { recursive: true });
    return path;
  };
  const newBucket = async () => {
    const bucket = uniqueBucketName('rclone');
    await rclone(['mkdir', `strata:${bucket}`]);
    return bucket;
  };

  beforeAll(async () => {
    sdk = inspector(gateway());
    dir = join(gateway().home, 'work');
    const version = await mustRun(RCLONE, ['version'], { cwd: gateway().home });
    recorder.version('rclone', version.split('\n')[0]!.replace(/^rclone\s+/, ''));
  });
  afterAll(() => sdk?.destroy());

  describe('copy up and down', () => {
    it('copies awkward keys, an empty file and files around the 5 MiB cutoff, byte for byte', async () => {
      const bucket = await newBucket();
      const files = standardFiles('rclone');
      const src = await workDir('src');
      await writeTree(src, files);
      // To the bucket's root: the longest key is exactly 1024 bytes, S3's limit.
      await rclone(['copy', src, `strata:${bucket}`, ...MULTIPART_FLAGS]);

      const listed = await listAll(sdk, bucket);
      expect(listed.map((o) => o.key)).toEqual(byteOrder(files.keys()));
      for (const o of listed) expect(o.size, o.key).toBe(files.get(o.key)!.length);

      const down = await workDir('down');
      await rclone(['copy', `strata:${bucket}`, down, ...MULTIPART_FLAGS]);
      expect(await hashTree(down, files.keys())).toEqual(hashFiles(files));
    });

    it('uploads one byte over --s3-upload-cutoff as multipart, one byte under as a single PUT', async () => {
      const bucket = await newBucket();
      const files = standardFiles('rclone-mp');
      const src = await workDir('mp');
      await writeTree(
        src,
        new Map([...files].filter(([k]) => k.endsWith('der.bin') || k === 'over.bin')),
      );
      await rclone(['copy', src, `strata:${bucket}`, ...MULTIPART_FLAGS]);
      const under = files.get('under.bin')!;
      const over = files.get('over.bin')!;
      expect(await headOf(sdk, bucket, 'under.bin')).toMatchObject({
        etag: `"${md5(under)}"`,
        size: under.length,
      });
      expect(await headOf(sdk, bucket, 'over.bin')).toMatchObject({
        etag: multipartEtag(partMd5s(over, FIVE_MIB)),
        size: over.length,
      });
      // rclone keeps the whole-file MD5 of a multipart upload in metadata, and lists it as the hash.
      const json = JSON.parse(
        await rclone(['lsjson', '--hash', '--hash-type', 'MD5', `strata:${bucket}`]),
      ) as { Name: string; Size: number; Hashes?: { md5?: string } }[];
      const byName = new Map(json.map((e) => [e.Name, e]));
      expect(byName.get('over.bin')).toMatchObject({
        Size: over.length,
        Hashes: { md5: md5(over) },
      });
      expect(byName.get('under.bin')).toMatchObject({
        Size: under.length,
        Hashes: { md5: md5(under) },
      });
    });
  });

  describe('sync', () => {
    it('sync uploads, a second sync transfers nothing, deletions propagate', async () => {
      const bucket = await newBucket();
      const src = await workDir('sync');
      const files = new Map<string, Buffer>([
        ['a.txt', Buffer.from('a')],
        ['sub/b.bin', seededBytes('rclone-sync-b', 70_000)],
        ['sub/with space.txt', Buffer.from('space')],
        ['empty', Buffer.alloc(0)],
      ]);
      await writeTree(src, files);
      const first = await rcloneRaw(['sync', src, `strata:${bucket}/site`, '-v']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr.match(/INFO {2}: .*: Copied \(new\)/g)?.length).toBe(4);
      const second = await rcloneRaw(['sync', src, `strata:${bucket}/site`, '-v']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).not.toMatch(/Copied/);
      expect(second.stderr).toMatch(/There was nothing to transfer|Transferred:\s+0 \/ 0/);

      await writeFile(join(src, 'a.txt'), 'changed');
      await import('node:fs/promises').then((fs) => fs.rm(join(src, 'sub', 'b.bin')));
      await rclone(['sync', src, `strata:${bucket}/site`]);
      expect((await listAll(sdk, bucket)).map((o) => o.key)).toEqual([
        'site/a.txt',
        'site/empty',
        'site/sub/with space.txt',
      ]);
      const down = await workDir('sync-down');
      await rclone(['sync', `strata:${bucket}/site`, down]);
      expect((await readFile(join(down, 'a.txt'))).toString()).toBe('changed');
    });
  });

  describe('check (hashes agree)', () => {
    it('check finds every file matching by MD5, then reports a changed object', async () => {
      const bucket = await newBucket();
      const src = await workDir('check');
      const files = standardFiles('rclone-check');
      await writeTree(src, files);
      await rclone(['copy', src, `strata:${bucket}`, ...MULTIPART_FLAGS]);
      const ok = await rcloneRaw(['check', src, `strata:${bucket}`]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toContain('0 differences found');
      expect(ok.stderr).toContain(`${files.size} matching files`);
      expect(ok.stderr).not.toMatch(/hashes could not be checked|no hashes in common/);

      // Same size, other bytes: only the hash can tell.
      await sdk.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'k=v.txt', Body: 'body of k=V.txt' }),
      );
      const bad = await rcloneRaw(['check', src, `strata:${bucket}`]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/k=v\.txt: (md5 )?differ/);
      expect(bad.stderr).toContain('1 differences found');
    });
  });

  describe('cat --offset --count', () => {
    it('reads byte ranges of a multipart object', async () => {
      const bucket = await newBucket();
      const data = seededBytes('rclone-cat', FIVE_MIB + 100);
      const src = await workDir('cat');
      await writeFile(join(src, 'obj.bin'), data);
      await rclone(['copy', src, `strata:${bucket}`, ...MULTIPART_FLAGS]);
      for (const [offset, count] of [
        [0, 10],
        [FIVE_MIB - 5, 10],
        [FIVE_MIB + 90, 10],
        [12_345, 1],
      ] as const) {
        const out = await runClient(
          RCLONE,
          args([
            'cat',
            `strata:${bucket}/obj.bin`,
            '--offset',
            String(offset),
            '--count',
            String(count),
          ]),
          { cwd: gateway().home, env: env() },
        );
        expect(out.code, out.stderr).toBe(0);
        expect(out.stdoutBytes.toString('hex')).toBe(
          data.subarray(offset, offset + count).toString('hex'),
        );
      }
    });
  });

  describe('server-side copy', () => {
    it('copyto within the remote is done by the server (CopyObject) and keeps the bytes', async () => {
      const bucket = await newBucket();
      const data = seededBytes('rclone-ssc', 300_000);
      await sdk.send(new PutObjectCommand({ Bucket: bucket, Key: 'from/x.bin', Body: data }));
      const out = await rcloneRaw([
        'copyto',
        `strata:${bucket}/from/x.bin`,
        `strata:${bucket}/to/y z.bin`,
        '-v',
      ]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toContain('Copied (server-side copy)');
      expect(await headOf(sdk, bucket, 'to/y z.bin')).toMatchObject({
        etag: `"${md5(data)}"`,
        size: data.length,
      });
      const down = await workDir('ssc');
      await rclone(['copyto', `strata:${bucket}/to/y z.bin`, join(down, 'y.bin')]);
      expect(sha256(await readFile(join(down, 'y.bin')))).toBe(sha256(data));
    });
  });

  describe('metadata and content type', () => {
    it('sets Content-Type from the extension or --metadata-set, and user metadata with -M', async () => {
      const bucket = await newBucket();
      const src = await workDir('meta');
      await writeFile(join(src, 'page.html'), '<p>hi</p>');
      await writeFile(join(src, 'data.bin'), 'x');
      await rclone(['copy', src, `strata:${bucket}`]);
      expect((await headOf(sdk, bucket, 'page.html')).contentType).toBe('text/html; charset=utf-8');
      await rclone([
        'copyto',
        join(src, 'data.bin'),
        `strata:${bucket}/tagged.bin`,
        '-M',
        '--metadata-set',
        'color=red',
        '--metadata-set',
        'content-type=application/x-special',
      ]);
      const head = await headOf(sdk, bucket, 'tagged.bin');
      expect(head.contentType).toBe('application/x-special');
      expect(head.metadata.color).toBe('red');
      const stat = JSON.parse(
        await rclone(['lsjson', '--stat', '-M', `strata:${bucket}/tagged.bin`]),
      ) as { Size: number; MimeType: string; Metadata: Record<string, string> };
      expect(stat).toMatchObject({
        Size: 1,
        MimeType: 'application/x-special',
        Metadata: { color: 'red' },
      });
    });
  });

  describe('purge', () => {
    it('purge removes every object and the bucket', async () => {
      const bucket = await newBucket();
      const src = await workDir('purge');
      await writeTree(src, new Map(AWKWARD_FS_KEYS.map((k) => [k, Buffer.from(k)])));
      await rclone(['copy', src, `strata:${bucket}`]);
      expect(await listAll(sdk, bucket)).toHaveLength(AWKWARD_FS_KEYS.length);
      await rclone(['purge', `strata:${bucket}`]);
      const buckets = JSON.parse(await rclone(['lsjson', 'strata:'])) as { Name: string }[];
      expect(buckets.map((b) => b.Name)).not.toContain(bucket);
    });
  });

  describe('versioning', () => {
    it('backend versioning enables it; --s3-versions lists and reads the old version by its name', async () => {
      const bucket = await newBucket();
      expect((await rclone(['backend', 'versioning', `strata:${bucket}`])).trim()).toBe(
        'Unversioned',
      );
      await rclone(['backend', 'versioning', `strata:${bucket}`, 'Enabled']);
      expect((await rclone(['backend', 'versioning', `strata:${bucket}`])).trim()).toBe('Enabled');
      const src = await workDir('versions');
      await writeFile(join(src, 'v.txt'), 'old bytes');
      await rclone(['copyto', join(src, 'v.txt'), `strata:${bucket}/v.txt`]);
      // rclone names an old version by its LastModified in milliseconds: keep the two apart.
      await new Promise((r) => setTimeout(r, 20));
      await writeFile(join(src, 'v.txt'), 'new bytes!');
      await rclone(['copyto', join(src, 'v.txt'), `strata:${bucket}/v.txt`]);

      expect((await rclone(['lsf', `strata:${bucket}`])).trim()).toBe('v.txt');
      const names = (await rclone(['lsf', '--s3-versions', `strata:${bucket}`]))
        .trim()
        .split('\n')
        .sort();
      // `-` sorts before `.`: the old version's name comes first.
      expect(names).toHaveLength(2);
      expect(names[1]).toBe('v.txt');
      expect(names[0]).toMatch(/^v-v\d{4}-\d{2}-\d{2}-\d{6}-\d{3}\.txt$/);
      expect(await rclone(['cat', '--s3-versions', `strata:${bucket}/${names[0]!}`])).toBe(
        'old bytes',
      );
      expect(await rclone(['cat', `strata:${bucket}/v.txt`])).toBe('new bytes!');
    });
  });

  describe('server-side encryption', () => {
    it('copy --s3-server-side-encryption AES256 (single PUT and multipart) stores SSE-S3; bytes come back', async () => {
      const bucket = await newBucket();
      const src = await workDir('sse');
      const files = new Map([
        ['small.bin', seededBytes('rclone-sse-small', 70_000)],
        ['over.bin', seededBytes('rclone-sse-over', FIVE_MIB + 1)],
      ]);
      await writeTree(src, files);
      await rclone([
        'copy',
        src,
        `strata:${bucket}`,
        '--s3-server-side-encryption',
        'AES256',
        ...MULTIPART_FLAGS,
      ]);
      for (const [name, data] of files) {
        const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: name }));
        expect(head, name).toMatchObject({
          ServerSideEncryption: 'AES256',
          ContentLength: data.length,
        });
      }
      const down = await workDir('sse-down');
      await rclone(['copy', `strata:${bucket}`, down, ...MULTIPART_FLAGS]);
      expect(await hashTree(down, files.keys())).toEqual(hashFiles(files));
    });
  });

  describe('errors', () => {
    it('missing key, missing bucket and a wrong secret fail with the S3 error', async () => {
      const bucket = await newBucket();
      const down = await workDir('err');
      // rclone reads a path whose HEAD is 404 as an (empty) directory, on AWS too: a missing
      // key copies nothing, which --error-on-no-transfer turns into exit code 9.
      const missingKey = await rcloneRaw([
        'copyto',
        `strata:${bucket}/missing.bin`,
        join(down, 'm'),
        '--error-on-no-transfer',
      ]);
      expect(missingKey.code, missingKey.stderr).toBe(9);
      await expect(readFile(join(down, 'm'))).rejects.toMatchObject({ code: 'ENOENT' });

      const missing = uniqueBucketName('rclone-none');
      const ls = await rcloneRaw(['ls', `strata:${missing}`]);
      expect(ls.code).toBe(3); // rclone's "directory not found" exit code
      await writeFile(join(down, 'x'), 'x');
      const put = await rcloneRaw([
        'copyto',
        join(down, 'x'),
        `strata:${missing}/x`,
        '--s3-no-check-bucket',
      ]);
      expect(put.code).not.toBe(0);
      expect(put.stderr).toContain('NoSuchBucket');

      const wrong = await rcloneRaw(['ls', `strata:${bucket}`], 'not-the-right-secret-000000');
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('SignatureDoesNotMatch');
      expect(wrong.stderr).toContain('status code: 403');
    });
  });
});
