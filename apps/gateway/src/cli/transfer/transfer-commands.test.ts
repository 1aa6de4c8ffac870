import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load-config.js';
import { startGateway, type RunningGateway } from '../../server/start-gateway.js';

// The real `strata` binary (built `dist/`, as CI runs it after `pnpm build`) in a child process,
// against a real Strata started in this process.
const BIN = fileURLToPath(new URL('../../../bin/strata.js', import.meta.url));
const credentials = {
  accessKeyId: 'AKCLITRANSFER0001',
  secretAccessKey: 'cli-transfer-secret-0123',
};
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const TREE: Record<string, number> = {
  'a.txt': 10,
  'dir/b.bin': 70_000,
  'dir/deep/c.bin': 1_234,
  'é t é.txt': 5,
  'skip.tmp': 3,
};

describe('strata cp, sync, ls, rm, mb, rb', () => {
  let work: string;
  let gateway: RunningGateway;
  let s3: S3Client;
  let home: string;

  /** Runs the binary with only the AWS settings given (a clean HOME, no inherited AWS_*). */
  function strata(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')),
    );
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: work,
      env: {
        ...base,
        HOME: home,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_ENDPOINT_URL: gateway.url,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
  }

  async function makeTree(root: string): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const [rel, size] of Object.entries(TREE)) {
      const data = randomBytes(size);
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), data);
      hashes.set(rel, sha256(data));
    }
    return hashes;
  }

  async function keys(bucket: string, prefix = ''): Promise<string[]> {
    const out: string[] = [];
    for await (const page of s3.listObjectsV2Pages(bucket, { prefix })) {
      out.push(...page.contents.map((c) => c.key));
    }
    return out;
  }

  const jsonLines = (text: string): Record<string, unknown>[] =>
    text
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'strata-cli-'));
    home = join(work, 'home');
    await mkdir(home);
    gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: join(work, 'data'),
        credentials: [
          {
            access_key_id: credentials.accessKeyId,
            secret_access_key: credentials.secretAccessKey,
          },
        ],
        workers: { enabled: false },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    s3 = createS3Client({ endpoint: gateway.url, credentials });
  });
  afterAll(async () => {
    await s3?.close();
    await gateway?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('mb makes a bucket and ls without an argument lists it', async () => {
    const made = await strata(['mb', 's3://cli-data']);
    expect(made).toMatchObject({ code: 0, stdout: 'make_bucket: cli-data\n', stderr: '' });
    const listed = await strata(['ls']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cli-data$/m);
  });

  it('cp --recursive round-trips a tree byte for byte, one JSON line per file when not a TTY', async () => {
    const src = join(work, 'tree');
    const hashes = await makeTree(src);
    const up = await strata(['cp', '--recursive', '--exclude', '*.tmp', src, 's3://cli-data/up']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const lines = jsonLines(up.stdout);
    const files = lines.filter((l) => l.op === 'upload');
    expect(files.map((l) => [l.src, l.dst, l.bytes]).sort()).toEqual(
      Object.entries(TREE)
        .filter(([rel]) => !rel.endsWith('.tmp'))
        .map(([rel, size]) => [join(src, rel), `s3://cli-data/up/${rel}`, size])
        .sort(),
    );
    expect(files.every((l) => typeof l.ms === 'number')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ op: 'summary', files: 4, bytes: 71_249, failed: 0 });
    expect(await keys('cli-data', 'up/')).toEqual([
      'up/a.txt',
      'up/dir/b.bin',
      'up/dir/deep/c.bin',
      'up/é t é.txt',
    ]);

    const dst = join(work, 'down');
    const down = await strata(['cp', '--recursive', 's3://cli-data/up/', dst]);
    expect(down).toMatchObject({ code: 0, stderr: '' });
    expect(jsonLines(down.stdout).filter((l) => l.op === 'download')).toHaveLength(4);
    for (const [rel, hash] of hashes) {
      if (rel.endsWith('.tmp')) expect(existsSync(join(dst, rel))).toBe(false);
      else expect(sha256(await readFile(join(dst, rel))), rel).toBe(hash);
    }

    // One file each way, and a server-side copy.
    const one = await strata(['cp', 's3://cli-data/up/dir/b.bin', 's3://cli-data/copy/']);
    expect(one.code).toBe(0);
    const back = await strata(['cp', 's3://cli-data/copy/b.bin', join(work, 'b.bin')]);
    expect(back.code).toBe(0);
    expect(sha256(await readFile(join(work, 'b.bin')))).toBe(hashes.get('dir/b.bin'));
    expect(jsonLines(back.stdout)[0]).toMatchObject({
      op: 'download',
      src: 's3://cli-data/copy/b.bin',
      dst: join(work, 'b.bin'),
      bytes: 70_000,
    });
  });

  it('ls prints date, time, size and key lines, PRE lines for sub-prefixes', async () => {
    const top = await strata(['ls', 's3://cli-data/up/']);
    expect(top.code).toBe(0);
    const date = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`;
    expect(top.stdout.split('\n').filter((l) => l !== '')).toEqual([
      `${' '.repeat(27)}PRE dir/`,
      expect.stringMatching(new RegExp(`^${date} {9}10 a\\.txt$`)),
      expect.stringMatching(new RegExp(`^${date} {10}5 é t é\\.txt$`)),
    ]);
    const all = await strata(['ls', '--recursive', 's3://cli-data/up/dir']);
    expect(all.stdout).toMatch(new RegExp(`^${date} {6}70000 up/dir/b\\.bin$`, 'm'));
    expect(all.stdout).toMatch(new RegExp(`^${date} {7}1234 up/dir/deep/c\\.bin$`, 'm'));
  });

  it('sync --delete --dryrun says what it would do, then sync --delete does it', async () => {
    const src = join(work, 'sync-src');
    await makeTree(src);
    const first = await strata(['sync', src, 's3://cli-data/sync']);
    expect(first.code).toBe(0);
    expect(jsonLines(first.stdout).filter((l) => l.op === 'upload')).toHaveLength(5);

    await rm(join(src, 'a.txt'));
    await writeFile(join(src, 'new.txt'), 'new');
    const dry = await strata(['sync', '--delete', '--dryrun', src, 's3://cli-data/sync/']);
    expect(dry.code).toBe(0);
    expect(jsonLines(dry.stdout).filter((l) => l.dryrun === true)).toEqual([
      { op: 'delete', src: 's3://cli-data/sync/a.txt', bytes: 10, ms: 0, dryrun: true },
      {
        op: 'upload',
        src: join(src, 'new.txt'),
        dst: 's3://cli-data/sync/new.txt',
        bytes: 3,
        ms: 0,
        dryrun: true,
      },
    ]);
    expect(await keys('cli-data', 'sync/')).toContain('sync/a.txt');

    const real = await strata(['sync', '--delete', src, 's3://cli-data/sync/']);
    expect(real.code).toBe(0);
    expect(jsonLines(real.stdout).map((l) => [l.op, l.src])).toEqual([
      ['upload', join(src, 'new.txt')],
      ['delete', 's3://cli-data/sync/a.txt'],
      ['summary', undefined],
    ]);
    expect(await keys('cli-data', 'sync/')).toEqual([
      'sync/dir/b.bin',
      'sync/dir/deep/c.bin',
      'sync/new.txt',
      'sync/skip.tmp',
      'sync/é t é.txt',
    ]);
  });

  it('sync s3:// s3:// copies server-side what is missing or changed, and refuses overlaps', async () => {
    const src = join(work, 's3sync-src');
    await makeTree(src);
    expect((await strata(['sync', src, 's3://cli-data/s3sync-a'])).code).toBe(0);
    const first = await strata(['sync', 's3://cli-data/s3sync-a', 's3://cli-data/s3sync-b/']);
    expect(first.code).toBe(0);
    const copies = jsonLines(first.stdout).filter((l) => l.op === 'copy');
    expect(copies).toHaveLength(5);
    expect(copies).toContainEqual(
      expect.objectContaining({
        src: 's3://cli-data/s3sync-a/dir/b.bin',
        dst: 's3://cli-data/s3sync-b/dir/b.bin',
        bytes: 70000,
      }),
    );
    expect(await keys('cli-data', 's3sync-b/')).toEqual(
      (await keys('cli-data', 's3sync-a/')).map((k) => k.replace('s3sync-a/', 's3sync-b/')),
    );
    const again = await strata(['sync', 's3://cli-data/s3sync-a', 's3://cli-data/s3sync-b']);
    expect(jsonLines(again.stdout).filter((l) => l.op === 'copy')).toEqual([]);

    const overlap = await strata(['sync', 's3://cli-data/s3sync-a', 's3://cli-data/s3sync-a/in']);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/overlap/);
    const local = await strata(['sync', src, join(work, 'elsewhere')]);
    expect(local.code).toBe(2);
  });

  it('cp --resume goes on with the upload an interrupted run left, keeping its matching part', async () => {
    const MiB = 1024 * 1024;
    const data = randomBytes(20 * MiB);
    const path = join(work, 'resume.bin');
    await writeFile(path, data);
    // What a killed run leaves: the upload, with its first 8 MiB part sent.
    const { uploadId } = await s3.createMultipartUpload('cli-data', 'resume.bin');
    const kept = await s3.uploadPart(
      'cli-data',
      'resume.bin',
      uploadId,
      1,
      data.subarray(0, 8 * MiB),
    );
    const run = await strata(['cp', '--resume', path, 's3://cli-data/resume.bin']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Resumed, not started over: the left upload is the one completed, and none is left.
    const listed = await s3.listMultipartUploads('cli-data', { prefix: 'resume.bin' });
    expect(listed.uploads).toEqual([]);
    const head = await s3.headObject('cli-data', 'resume.bin');
    expect(head.etag).toMatch(/-3$/);
    const got = await s3.getObject('cli-data', 'resume.bin');
    expect(sha256(Buffer.concat((await got.body.toArray()) as Buffer[]))).toBe(sha256(data));
    expect(kept.etag).toBe(
      createHash('md5')
        .update(data.subarray(0, 8 * MiB))
        .digest('hex'),
    );
  });

  it('exits 1 naming the file and the S3 error for a missing key', async () => {
    const run = await strata(['cp', 's3://cli-data/no/such-key', join(work, 'x')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `download failed: s3://cli-data/no/such-key to ${join(work, 'x')}: (NotFound) 404: the key or its bucket does not exist\n`,
    );
    expect(existsSync(join(work, 'x'))).toBe(false);
    const bucket = await strata(['ls', 's3://no-such-bucket-here']);
    expect(bucket.code).toBe(1);
    expect(bucket.stderr).toMatch(/^strata: \(NoSuchBucket\) /);
  });

  it('refuses a key that would escape the target directory', async () => {
    await s3.putObject('cli-data', 'evil/x/../../escape.txt', Buffer.from('no'));
    const run = await strata(['cp', '--recursive', 's3://cli-data/evil/', join(work, 'evil')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'download failed: s3://cli-data/evil/x/../../escape.txt: (EUNSAFE_KEY)',
    );
    expect(existsSync(join(work, 'escape.txt'))).toBe(false);
    await s3.deleteObject('cli-data', 'evil/x/../../escape.txt');
  });

  it('exits 2 for a bad URL, a Windows path, a missing local path, a bad flag', async () => {
    for (const args of [
      ['cp', join(work, 'tree', 'a.txt'), 's3:/cli-data/x'],
      ['ls', 's3://'],
      ['cp', 'C:\\data\\a.txt', 's3://cli-data/x'],
      ['cp', join(work, 'missing'), 's3://cli-data/x'],
      ['cp', join(work, 'tree'), 's3://cli-data/x'],
      ['ls', '--no-such-flag'],
    ]) {
      const run = await strata(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).not.toBe('');
      expect(run.stdout, args.join(' ')).toBe('');
      if (args[1] === 'C:\\data\\a.txt') {
        expect(run.stderr).toBe(
          'strata: refusing Windows-style path "C:\\\\data\\\\a.txt": use a POSIX path with / separators\n',
        );
      }
    }
  });

  it('reads credentials, region and endpoint from a profile in ~/.aws', async () => {
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(
      join(home, '.aws', 'credentials'),
      `[cli]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`,
    );
    await writeFile(
      join(home, '.aws', 'config'),
      `[profile cli]\nregion = us-east-1\nendpoint_url = ${gateway.url}\n`,
    );
    const noEnv = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_ENDPOINT_URL: '' };
    const run = await strata(['ls', '--profile', 'cli', 's3://cli-data/up/'], noEnv);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(' a.txt\n');
    const viaEnv = await strata(['ls', 's3://cli-data/up/'], { ...noEnv, AWS_PROFILE: 'cli' });
    expect(viaEnv.code).toBe(0);
    // AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE point elsewhere.
    const other = join(work, 'other-aws');
    await mkdir(other);
    await writeFile(
      join(other, 'creds'),
      `[default]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`,
    );
    await writeFile(join(other, 'config'), `[default]\nendpoint_url = ${gateway.url}\n`);
    const files = await strata(['ls', 's3://cli-data/up/'], {
      ...noEnv,
      AWS_SHARED_CREDENTIALS_FILE: join(other, 'creds'),
      AWS_CONFIG_FILE: join(other, 'config'),
    });
    expect(files).toMatchObject({ code: 0, stderr: '' });
    const none = await strata(['ls', '--profile', 'nobody', 's3://cli-data'], noEnv);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^strata: unable to locate credentials/);
  });

  it('rm --recursive leaves nothing; rb refuses a full bucket, rb --force empties it', async () => {
    const removed = await strata(['rm', '--recursive', 's3://cli-data/up']);
    expect(removed.code).toBe(0);
    expect(jsonLines(removed.stdout)[0]).toMatchObject({ op: 'delete', objects: 4 });
    expect(await keys('cli-data', 'up/')).toEqual([]);
    expect((await strata(['rm', 's3://cli-data/copy/b.bin'])).code).toBe(0);
    expect(await keys('cli-data', 'copy/')).toEqual([]);

    const full = await strata(['rb', 's3://cli-data']);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/^remove_bucket failed: cli-data: \(BucketNotEmpty\) /);
    const forced = await strata(['rb', '--force', 's3://cli-data']);
    expect(forced).toMatchObject({ code: 0, stdout: 'remove_bucket: cli-data\n' });
    expect((await strata(['ls'])).stdout).not.toContain('cli-data');
  });
});
