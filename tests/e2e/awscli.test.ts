/**
 * Debian's AWS CLI v2 (2.9, before default checksums) against the real `strata` binary over
 * HTTP and HTTPS, configured only through the environment.
 */
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI, aws, runAws, type AwsCliTarget } from './support/aws-cli.js';
import { AWKWARD_KEYS } from './sdk/object-tests.js';
import { byteOrder } from './support/client-data.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { createTestDispatcher, uniqueBucketName } from './support/s3-client.js';
import { withEncryption } from './support/strata-config.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';
import { MiB, md5, multipartEtag, partMd5s, seededBytes, sha256 } from './support/test-data.js';
import { createTestCertificate, type TestCertificate } from './support/tls-certificate.js';

const TRANSPORTS = ['http', 'https'] as const;
const recorder = createCompatRecorder('aws-cli');
/** The matrix capability of a test: its name up to the first `:`, `→` or `(`. */
const capabilityOf = (test: string) => test.split(/[:→(]/)[0]!.trim();

describe.each(TRANSPORTS)('AWS CLI v2 over %s', (transport) => {
  recorder.track('AWS CLI v2', transport, capabilityOf);
  let home: string;
  let cert: TestCertificate | undefined;
  let strata: StrataProcess;
  let target: AwsCliTarget;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'strata-e2e-cli-'));
    cert = transport === 'https' ? await createTestCertificate(home) : undefined;
    strata = await startStrata(await withEncryption(home, cert ? { tls: cert } : {}));
    target = { endpoint: strata.url, caBundle: cert?.certFile, home };
    const version = await runAws(target, ['--version']);
    recorder.version('AWS CLI v2', `${AWS_CLI}: ${version.stdout.trim().split(' ')[0]!}`);
  });
  afterAll(async () => {
    await strata?.[Symbol.asyncDispose]();
    await rm(home, { recursive: true, force: true });
  });

  /** A fresh directory under the CLI's home for one test's local files. */
  const workDir = async (name: string) => {
    const dir = join(home, `${name}-${Math.random().toString(36).slice(2, 8)}`);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  const json = async (args: readonly string[]) =>
    JSON.parse(await aws(target, args)) as Record<string, unknown>;

  it('s3 mb, cp up and down (small, and 20 MiB multipart), ls bucket and prefix', async () => {
    const bucket = uniqueBucketName('cli-cp');
    const dir = await workDir('cp');
    expect(await aws(target, ['s3', 'mb', `s3://${bucket}`])).toContain(`make_bucket: ${bucket}`);
    expect(await aws(target, ['s3', 'ls'])).toMatch(new RegExp(`\\s${bucket}\\n`));

    const small = seededBytes('cli-small', 1000);
    const big = seededBytes('cli-big', 20 * MiB);
    await writeFile(join(dir, 'small.txt'), small);
    await writeFile(join(dir, 'big.bin'), big);
    const upSmall = await aws(target, [
      's3',
      'cp',
      join(dir, 'small.txt'),
      `s3://${bucket}/docs/small.txt`,
      '--no-progress',
    ]);
    // The CLI prints the local path relative to its working directory.
    const shown = relative(home, join(dir, 'small.txt'));
    expect(upSmall).toContain(`upload: ${shown} to s3://${bucket}/docs/small.txt`);
    await aws(target, [
      's3',
      'cp',
      join(dir, 'big.bin'),
      `s3://${bucket}/big.bin`,
      '--no-progress',
    ]);

    // 20 MiB crosses the CLI's 8 MiB multipart threshold: three parts of 8, 8 and 4 MiB.
    const head = await json(['s3api', 'head-object', '--bucket', bucket, '--key', 'big.bin']);
    expect(head.ContentLength).toBe(20 * MiB);
    expect(head.ETag).toBe(multipartEtag(partMd5s(big, 8 * MiB)));
    const headSmall = await json([
      's3api',
      'head-object',
      '--bucket',
      bucket,
      '--key',
      'docs/small.txt',
    ]);
    expect(headSmall).toMatchObject({
      ContentLength: 1000,
      ETag: `"${md5(small)}"`,
      ContentType: 'text/plain',
    });

    // Downloads of 20 MiB are split into ranged GETs by the CLI.
    await aws(target, [
      's3',
      'cp',
      `s3://${bucket}/big.bin`,
      join(dir, 'big.down'),
      '--no-progress',
    ]);
    await aws(target, [
      's3',
      'cp',
      `s3://${bucket}/docs/small.txt`,
      join(dir, 'small.down'),
      '--no-progress',
    ]);
    expect(sha256(await readFile(join(dir, 'big.down')))).toBe(sha256(big));
    expect(sha256(await readFile(join(dir, 'small.down')))).toBe(sha256(small));

    const top = await aws(target, ['s3', 'ls', `s3://${bucket}/`]);
    expect(top).toMatch(/^\s+PRE docs\/$/m);
    expect(top).toMatch(new RegExp(`^\\S+ \\S+\\s+${20 * MiB} big\\.bin$`, 'm'));
    const prefix = await aws(target, ['s3', 'ls', `s3://${bucket}/docs/`]);
    expect(prefix).toMatch(/^\S+ \S+\s+1000 small\.txt$/m);
    expect(prefix).not.toContain('big.bin');
    const recursive = await aws(target, ['s3', 'ls', `s3://${bucket}`, '--recursive']);
    expect(
      recursive
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).at(-1)),
    ).toEqual(['big.bin', 'docs/small.txt']);
  });

  it('s3 sync twice: the second run copies nothing', async () => {
    const bucket = uniqueBucketName('cli-sync');
    const dir = await workDir('sync');
    await aws(target, ['s3', 'mb', `s3://${bucket}`]);
    const files = {
      'a.txt': 10,
      'sub/b.bin': 70_000,
      'sub/deeper/c.txt': 0,
      'sub/with space.txt': 5,
    };
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const [name, size] of Object.entries(files)) {
      await mkdir(join(dir, 'src', name, '..'), { recursive: true });
      await writeFile(join(dir, 'src', name), seededBytes(name, size));
      // Older than any upload, so the CLI's size+mtime comparison cannot race the clock.
      await utimes(join(dir, 'src', name), hourAgo, hourAgo);
    }
    const first = await aws(target, [
      's3',
      'sync',
      join(dir, 'src'),
      `s3://${bucket}/site`,
      '--no-progress',
    ]);
    expect(
      first
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('upload: ')).length,
      first,
    ).toBe(4);
    const second = await aws(target, [
      's3',
      'sync',
      join(dir, 'src'),
      `s3://${bucket}/site`,
      '--no-progress',
    ]);
    expect(second).toBe('');

    await aws(target, ['s3', 'sync', `s3://${bucket}/site`, join(dir, 'down'), '--no-progress']);
    for (const [name, size] of Object.entries(files)) {
      expect(sha256(await readFile(join(dir, 'down', name))), name).toBe(
        sha256(seededBytes(name, size)),
      );
    }
  });

  it('s3 mv (S3 to S3 and local to S3), rm --recursive, rb', async () => {
    const bucket = uniqueBucketName('cli-mv');
    const dir = await workDir('mv');
    await aws(target, ['s3', 'mb', `s3://${bucket}`]);
    const one = seededBytes('one', 3000);
    await writeFile(join(dir, 'one.bin'), one);
    await writeFile(join(dir, 'two.bin'), 'two');
    await aws(target, [
      's3',
      'cp',
      join(dir, 'one.bin'),
      `s3://${bucket}/from/one.bin`,
      '--no-progress',
    ]);

    const moved = await aws(target, [
      's3',
      'mv',
      `s3://${bucket}/from/one.bin`,
      `s3://${bucket}/to/one.bin`,
      '--no-progress',
    ]);
    expect(moved).toContain(`move: s3://${bucket}/from/one.bin to s3://${bucket}/to/one.bin`);
    const gone = await runAws(target, [
      's3api',
      'head-object',
      '--bucket',
      bucket,
      '--key',
      'from/one.bin',
    ]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/404|Not Found/);
    await aws(target, [
      's3',
      'cp',
      `s3://${bucket}/to/one.bin`,
      join(dir, 'one.down'),
      '--no-progress',
    ]);
    expect(sha256(await readFile(join(dir, 'one.down')))).toBe(sha256(one));

    await aws(target, [
      's3',
      'mv',
      join(dir, 'two.bin'),
      `s3://${bucket}/to/two.bin`,
      '--no-progress',
    ]);
    await expect(readFile(join(dir, 'two.bin'))).rejects.toMatchObject({ code: 'ENOENT' });

    const removed = await aws(target, ['s3', 'rm', `s3://${bucket}/`, '--recursive']);
    expect(removed.trim().split('\n').sort()).toEqual([
      `delete: s3://${bucket}/to/one.bin`,
      `delete: s3://${bucket}/to/two.bin`,
    ]);
    const empty = await json(['s3api', 'list-objects-v2', '--bucket', bucket, '--no-paginate']);
    expect(empty.KeyCount).toBe(0);
    expect(await aws(target, ['s3', 'rb', `s3://${bucket}`])).toContain(`remove_bucket: ${bucket}`);
    expect(await aws(target, ['s3', 'ls'])).not.toContain(bucket);
  });

  it('s3 presign → a plain HTTP GET of the URL returns the object', async () => {
    const bucket = uniqueBucketName('cli-presign');
    const dir = await workDir('presign');
    await aws(target, ['s3', 'mb', `s3://${bucket}`]);
    const data = seededBytes('cli-presign', 12_345);
    await writeFile(join(dir, 'p.bin'), data);
    await aws(target, [
      's3',
      'cp',
      join(dir, 'p.bin'),
      `s3://${bucket}/shared/p q.bin`,
      '--no-progress',
    ]);
    const url = (
      await aws(target, ['s3', 'presign', `s3://${bucket}/shared/p q.bin`, '--expires-in', '300'])
    ).trim();
    expect(url).toMatch(/X-Amz-Signature=/);
    const dispatcher = createTestDispatcher(cert?.ca);
    try {
      const res = await request(url, { dispatcher });
      const body = Buffer.from(await res.body.arrayBuffer());
      expect(res.statusCode, body.toString()).toBe(200);
      expect(sha256(body)).toBe(sha256(data));
    } finally {
      await dispatcher.close();
    }
  });

  it('s3api put-object, head-object, get-object (whole and range), copy-object, list-objects-v2, delete-objects', async () => {
    const bucket = uniqueBucketName('cli-api');
    const dir = await workDir('api');
    await aws(target, ['s3api', 'create-bucket', '--bucket', bucket]);
    const data = seededBytes('cli-api', 100_000);
    await writeFile(join(dir, 'data.bin'), data);

    const put = await json([
      's3api',
      'put-object',
      '--bucket',
      bucket,
      '--key',
      'api/data.bin',
      '--body',
      join(dir, 'data.bin'),
      '--content-type',
      'application/x-thing',
      '--metadata',
      'color=red',
    ]);
    expect(put.ETag).toBe(`"${md5(data)}"`);
    const head = await json(['s3api', 'head-object', '--bucket', bucket, '--key', 'api/data.bin']);
    expect(head).toMatchObject({
      ContentLength: 100_000,
      ETag: `"${md5(data)}"`,
      ContentType: 'application/x-thing',
      Metadata: { color: 'red' },
    });

    const got = await json([
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'api/data.bin',
      join(dir, 'got.bin'),
    ]);
    expect(got).toMatchObject({ ContentLength: 100_000, ETag: `"${md5(data)}"` });
    expect(sha256(await readFile(join(dir, 'got.bin')))).toBe(sha256(data));
    const ranged = await json([
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'api/data.bin',
      '--range',
      'bytes=10-19',
      join(dir, 'range.bin'),
    ]);
    expect(ranged).toMatchObject({ ContentLength: 10, ContentRange: 'bytes 10-19/100000' });
    expect((await readFile(join(dir, 'range.bin'))).equals(data.subarray(10, 20))).toBe(true);

    const copy = await json([
      's3api',
      'copy-object',
      '--bucket',
      bucket,
      '--key',
      'api/copy.bin',
      '--copy-source',
      `${bucket}/api/data.bin`,
    ]);
    expect((copy.CopyObjectResult as { ETag: string }).ETag).toBe(`"${md5(data)}"`);
    const listed = await json(['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'api/']);
    expect(
      (listed.Contents as { Key: string; Size: number }[]).map((c) => [c.Key, c.Size]),
    ).toEqual([
      ['api/copy.bin', 100_000],
      ['api/data.bin', 100_000],
    ]);
    await aws(target, [
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'api/copy.bin',
      join(dir, 'copy.bin'),
    ]);
    expect(sha256(await readFile(join(dir, 'copy.bin')))).toBe(sha256(data));

    const deleted = await json([
      's3api',
      'delete-objects',
      '--bucket',
      bucket,
      '--delete',
      JSON.stringify({ Objects: [{ Key: 'api/data.bin' }, { Key: 'api/copy.bin' }] }),
    ]);
    expect((deleted.Deleted as { Key: string }[]).map((d) => d.Key).sort()).toEqual([
      'api/copy.bin',
      'api/data.bin',
    ]);
    const after = await json(['s3api', 'list-objects-v2', '--bucket', bucket, '--no-paginate']);
    expect(after.KeyCount).toBe(0);
  });

  it('server-side encryption: s3 cp --sse AES256 up (single PUT and multipart) and down, s3api head-object shows it', async () => {
    const bucket = uniqueBucketName('cli-sse');
    const dir = await workDir('sse');
    await aws(target, ['s3', 'mb', `s3://${bucket}`]);
    const files = new Map([
      ['small.bin', seededBytes('cli-sse-small', 70_000)],
      // Over the CLI's 8 MiB threshold: CreateMultipartUpload carries the header, and the
      // download is ranged GETs of an encrypted object.
      ['big.bin', seededBytes('cli-sse-big', 8 * MiB + 1)],
    ]);
    await mkdir(join(dir, 'up'));
    for (const [name, data] of files) await writeFile(join(dir, 'up', name), data);
    await aws(target, [
      's3',
      'cp',
      '--recursive',
      join(dir, 'up'),
      `s3://${bucket}/`,
      '--sse',
      'AES256',
      '--no-progress',
    ]);
    for (const [name, data] of files) {
      const head = await json(['s3api', 'head-object', '--bucket', bucket, '--key', name]);
      expect(head, name).toMatchObject({
        ServerSideEncryption: 'AES256',
        ContentLength: data.length,
        // SSE-S3 keeps S3's usual ETags: the MD5 of a single PUT, `-2` for two parts.
        ETag: name === 'small.bin' ? `"${md5(data)}"` : multipartEtag(partMd5s(data, 8 * MiB)),
      });
    }
    await aws(target, [
      's3',
      'cp',
      '--recursive',
      `s3://${bucket}/`,
      join(dir, 'down'),
      '--no-progress',
    ]);
    for (const [name, data] of files) {
      expect(sha256(await readFile(join(dir, 'down', name))), name).toBe(sha256(data));
    }
  });

  it('versioning: s3api put-bucket-versioning, list-object-versions, get-object and delete-object by version id', async () => {
    const bucket = uniqueBucketName('cli-ver');
    const dir = await workDir('ver');
    await aws(target, ['s3api', 'create-bucket', '--bucket', bucket]);
    await aws(target, [
      's3api',
      'put-bucket-versioning',
      '--bucket',
      bucket,
      '--versioning-configuration',
      'Status=Enabled',
    ]);
    expect(await json(['s3api', 'get-bucket-versioning', '--bucket', bucket])).toEqual({
      Status: 'Enabled',
    });
    const ids: string[] = [];
    for (const text of ['first', 'second']) {
      await writeFile(join(dir, 'v.txt'), text);
      const put = await json([
        's3api',
        'put-object',
        '--bucket',
        bucket,
        '--key',
        'v.txt',
        '--body',
        join(dir, 'v.txt'),
      ]);
      ids.push(put.VersionId as string);
    }
    const removed = await json(['s3api', 'delete-object', '--bucket', bucket, '--key', 'v.txt']);
    expect(removed.DeleteMarker).toBe(true);
    const listed = await json(['s3api', 'list-object-versions', '--bucket', bucket]);
    expect((listed.Versions as { VersionId: string }[]).map((v) => v.VersionId)).toEqual([
      ids[1],
      ids[0],
    ]);
    expect(listed.DeleteMarkers).toEqual([
      expect.objectContaining({ Key: 'v.txt', IsLatest: true, VersionId: removed.VersionId }),
    ]);
    // The s3 commands see the key as gone; the old version is still there by id.
    expect((await runAws(target, ['s3', 'ls', `s3://${bucket}/`])).stdout).not.toContain('v.txt');
    const got = await json([
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'v.txt',
      '--version-id',
      ids[0]!,
      join(dir, 'old.txt'),
    ]);
    expect(got.VersionId).toBe(ids[0]);
    expect(await readFile(join(dir, 'old.txt'), 'utf8')).toBe('first');
    await aws(target, [
      's3api',
      'delete-object',
      '--bucket',
      bucket,
      '--key',
      'v.txt',
      '--version-id',
      removed.VersionId as string,
    ]);
    expect(await aws(target, ['s3', 'cp', `s3://${bucket}/v.txt`, '-'])).toBe('second');
  });

  it('object lock: create-bucket --object-lock-enabled-for-bucket, a default retention, a legal hold that blocks a delete', async () => {
    const bucket = uniqueBucketName('cli-lock');
    const dir = await workDir('lock');
    await aws(target, [
      's3api',
      'create-bucket',
      '--bucket',
      bucket,
      '--object-lock-enabled-for-bucket',
    ]);
    await aws(target, [
      's3api',
      'put-object-lock-configuration',
      '--bucket',
      bucket,
      '--object-lock-configuration',
      '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":1}}}',
    ]);
    expect(await json(['s3api', 'get-object-lock-configuration', '--bucket', bucket])).toEqual({
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
      },
    });
    await writeFile(join(dir, 'l.txt'), 'locked');
    await aws(target, ['s3', 'cp', join(dir, 'l.txt'), `s3://${bucket}/l.txt`]);
    const head = await json(['s3api', 'head-object', '--bucket', bucket, '--key', 'l.txt']);
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    const versionId = head.VersionId as string;
    const on = ['--bucket', bucket, '--key', 'l.txt', '--version-id', versionId];
    await aws(target, ['s3api', 'put-object-legal-hold', ...on, '--legal-hold', 'Status=ON']);
    expect(await json(['s3api', 'get-object-legal-hold', ...on])).toEqual({
      LegalHold: { Status: 'ON' },
    });
    const refused = await runAws(target, [
      's3api',
      'delete-object',
      ...on,
      '--bypass-governance-retention',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('AccessDenied');
    await aws(target, ['s3api', 'put-object-legal-hold', ...on, '--legal-hold', 'Status=OFF']);
    await aws(target, ['s3api', 'delete-object', ...on, '--bypass-governance-retention']);
    // Nothing left: the CLI prints nothing for an empty listing.
    const listed = await aws(target, ['s3api', 'list-object-versions', '--bucket', bucket]);
    expect(listed).not.toContain(versionId);
  });

  it('errors: a missing key exits non-zero with NoSuchKey / 404; a missing bucket with NoSuchBucket', async () => {
    const bucket = uniqueBucketName('cli-err');
    const dir = await workDir('err');
    await aws(target, ['s3', 'mb', `s3://${bucket}`]);
    const api = await runAws(target, [
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'missing',
      join(dir, 'x'),
    ]);
    expect(api.code).not.toBe(0);
    expect(api.stderr).toContain('NoSuchKey');
    const cp = await runAws(target, ['s3', 'cp', `s3://${bucket}/missing`, join(dir, 'y')]);
    expect(cp.code).not.toBe(0);
    expect(cp.stderr).toMatch(/404/);
    const ls = await runAws(target, ['s3', 'ls', `s3://${uniqueBucketName('cli-none')}`]);
    expect(ls.code).not.toBe(0);
    expect(ls.stderr).toContain('NoSuchBucket');
    const wrong = await runAws({ ...target, secretAccessKey: 'not-the-secret-at-all-0000' }, [
      's3',
      'ls',
      `s3://${bucket}`,
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('SignatureDoesNotMatch');
  });

  it('awkward keys, an empty object and the 8 MiB multipart threshold: byte-exact both ways', async () => {
    const bucket = uniqueBucketName('cli-keys');
    const dir = await workDir('keys');
    await aws(target, ['s3', 'mb', `s3://${bucket}`]);
    for (const [i, key] of AWKWARD_KEYS.entries()) {
      const body = join(dir, `in-${i}`);
      await writeFile(body, `body of ${key}`);
      await aws(target, ['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', body]);
      await aws(target, [
        's3api',
        'get-object',
        '--bucket',
        bucket,
        '--key',
        key,
        join(dir, `out-${i}`),
      ]);
      expect(await readFile(join(dir, `out-${i}`), 'utf8')).toBe(`body of ${key}`);
    }
    const listed = await json(['s3api', 'list-objects-v2', '--bucket', bucket, '--no-paginate']);
    const keys = (listed.Contents as { Key: string }[]).map((c) => c.Key);
    expect(keys).toEqual(byteOrder([...AWKWARD_KEYS]));

    await writeFile(join(dir, 'empty'), '');
    await aws(target, ['s3', 'cp', join(dir, 'empty'), `s3://${bucket}/empty`, '--no-progress']);
    const emptyHead = await json(['s3api', 'head-object', '--bucket', bucket, '--key', 'empty']);
    expect(emptyHead.ContentLength).toBe(0);
    await aws(target, [
      's3',
      'cp',
      `s3://${bucket}/empty`,
      join(dir, 'empty-out'),
      '--no-progress',
    ]);
    expect((await readFile(join(dir, 'empty-out'))).length).toBe(0);

    // The CLI's multipart_threshold is 8 MiB: one byte under is a single PUT (a plain MD5
    // ETag), one byte over is two parts (an ETag ending in -2).
    for (const [size, etag] of [
      [8 * MiB - 1, /^"[0-9a-f]{32}"$/],
      [8 * MiB + 1, /^"[0-9a-f]{32}-2"$/],
    ] as const) {
      const data = seededBytes(`cli-threshold-${size}`, size);
      await writeFile(join(dir, `t-${size}`), data);
      await aws(target, [
        's3',
        'cp',
        join(dir, `t-${size}`),
        `s3://${bucket}/t-${size}`,
        '--no-progress',
      ]);
      const head = await json(['s3api', 'head-object', '--bucket', bucket, '--key', `t-${size}`]);
      expect(head.ETag).toMatch(etag);
      await aws(target, [
        's3',
        'cp',
        `s3://${bucket}/t-${size}`,
        join(dir, `d-${size}`),
        '--no-progress',
      ]);
      expect(sha256(await readFile(join(dir, `d-${size}`)))).toBe(sha256(data));
    }
  });
});
