import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load-config.js';
import { openMetastore } from '../../server/open-metastore.js';
import { startGateway, type RunningGateway } from '../../server/start-gateway.js';

// The real `strata` binary (built `dist/`, as CI runs it after `pnpm build`) in a child process,
// against a real Strata started in this process.
const BIN = fileURLToPath(new URL('../../../bin/strata.js', import.meta.url));
const credentials = { accessKeyId: 'AKADMINCLI0001', secretAccessKey: 'admin-cli-secret-0123' };
const TOKEN = 'admin-cli-token-0123456789abcdef0123';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary with only the admin settings given (none inherited from this process). */
function strata(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('STRATA_ADMIN_')),
  );
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The column of `word` in `line`. */
const columnOf = (line: string, word: string) => line.indexOf(word);

describe('strata admin status|backends|set-state|drain|queues|dead-letters|workers|buckets|keys', () => {
  let dir: string;
  let gateway: RunningGateway;
  let s3: S3Client;
  let flags: string[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-admin-cli-'));
    gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: dir,
        credentials: [
          {
            access_key_id: credentials.accessKeyId,
            secret_access_key: credentials.secretAccessKey,
          },
        ],
        admin: {
          tokens: [TOKEN],
          keys_master_key: 'admin-cli-keys-master-key-0123456789abcdef',
        },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    s3 = createS3Client({ endpoint: gateway.url, credentials });
    await s3.createBucket('reports');
    await s3.putObject('reports', 'big.bin', Buffer.alloc(1536 * 1024, 1));
    await s3.putObject('reports', 'small.txt', Buffer.alloc(100, 2));
    flags = ['--url', gateway.url, '--token', TOKEN];
  });
  afterAll(async () => {
    await s3?.close();
    await gateway?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('keys: create prints the secret once, the key signs requests; list, rotate, disable, delete', async () => {
    const created = await strata(['admin', 'keys', 'create', '--bucket', 'reports', ...flags]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const id = /^access key id: +(SK[A-Z0-9]{18})$/m.exec(created.stdout)?.[1];
    const secret = /^secret access key: +(\S{40})$/m.exec(created.stdout)?.[1];
    expect(id && secret).toBeTruthy();
    expect(created.stdout).toContain('buckets:           reports\n');
    const client = createS3Client({
      endpoint: gateway.url,
      credentials: { accessKeyId: id!, secretAccessKey: secret! },
      retry: { maxAttempts: 1 },
    });
    try {
      expect((await client.getObject('reports', 'small.txt')).contentLength).toBe(100);
      const listed = await strata(['admin', 'keys', 'list', ...flags]);
      expect(listed.stdout).toMatch(/^ACCESS KEY ID +TENANT +BUCKETS +CREATED +STATE\n/);
      expect(listed.stdout).toMatch(
        new RegExp(
          `\\n${id} +default +reports +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +enabled\\n`,
        ),
      );
      expect(listed.stdout).not.toContain(secret);
      const rotated = await strata(['admin', 'keys', 'rotate', id!, ...flags]);
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).not.toContain(secret);
      await expect(client.getObject('reports', 'small.txt')).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
      });
      expect((await strata(['admin', 'keys', 'disable', id!, ...flags])).stdout).toBe(
        `${id} disabled\n`,
      );
      expect((await strata(['admin', 'keys', 'delete', id!, ...flags])).stdout).toBe(
        `${id} deleted\n`,
      );
      const gone = await strata(['admin', 'keys', 'delete', id!, ...flags]);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain(`no managed key ${id}`);
    } finally {
      await client.close();
    }
  });

  it('status: a name/value table', async () => {
    const { code, stdout, stderr } = await strata(['admin', 'status', ...flags]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^version {3}\d+\.\d+\.\d+\n/);
    expect(stdout).toContain(`\ninstance  ${gateway.instanceId}\n`);
    expect(stdout).toMatch(/\nuptime {4}\d+s\n|\nuptime {4}\d+m \d+s\n/);
    expect(stdout).toContain('\nmetastore sqlite, reachable\n');
  });

  it('buckets: aligned columns, sizes in binary units', async () => {
    const { code, stdout } = await strata(['admin', 'buckets', ...flags]);
    expect(code).toBe(0);
    const [header, row, ...rest] = stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(header).toMatch(/^NAME +OWNER +REGION +CREATED +SIZE +OBJECTS$/);
    expect(row).toMatch(/^reports +\S+ +us-east-1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +1\.5 MiB +2$/);
    // Left-aligned columns start under their header; numbers end under theirs.
    expect(columnOf(row!, 'us-east-1')).toBe(columnOf(header!, 'REGION'));
    expect(row!.length).toBe(header!.length);
    expect(columnOf(row!, '1.5 MiB') + '1.5 MiB'.length).toBe(
      columnOf(header!, 'SIZE') + 'SIZE'.length,
    );
  });

  it('backends: state, breaker, usage and quota', async () => {
    const { code, stdout } = await strata(['admin', 'backends', ...flags]);
    expect(code).toBe(0);
    const [header, row] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME +TYPE +STATE +CIRCUIT +USED +OBJECTS +QUOTA$/);
    expect(row).toMatch(/^local +fs +active +closed +1\.5 MiB +2 +-$/);
    expect(columnOf(row!, 'active')).toBe(columnOf(header!, 'STATE'));
  });

  it('set-state and drain start|status|cancel change a backend at runtime', async () => {
    const set = await strata(['admin', 'set-state', 'local', 'readonly', ...flags]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(
      /\nlocal +fs +readonly\* +closed +1\.5 MiB +2 +-\n\* set at runtime/,
    );
    // Writes are refused while the only backend takes none.
    await expect(s3.putObject('reports', 'new.txt', Buffer.from('x'))).rejects.toMatchObject({
      status: 503,
    });
    const back = await strata(['admin', 'set-state', 'local', 'configured', ...flags]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/\nlocal +fs +active +closed/);
    expect(back.stdout).not.toContain('*');

    const start = await strata(['admin', 'drain', 'start', 'local', ...flags]);
    expect(start.code).toBe(0);
    const [header, row] = start.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^BACKEND +STATE +LEFT +OBJECTS LEFT +DONE$/);
    // Nowhere to move to: the drain makes no progress, and says so.
    expect(row).toMatch(/^local +draining +1\.5 MiB +2 +no$/);
    const status = await strata(['admin', 'drain', 'status', 'local', '--json', ...flags]);
    expect(JSON.parse(status.stdout)).toEqual({
      backend: 'local',
      state: 'draining',
      draining: true,
      remaining: { bytes: 1536 * 1024 + 100, objects: 2 },
      done: false,
    });
    expect((await strata(['admin', 'drain', 'cancel', 'local', ...flags])).code).toBe(0);
    const again = await strata(['admin', 'drain', 'cancel', 'local', ...flags]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^strata admin: 409 Conflict from \S+: backend local is not draining/,
    );

    const bogus = await strata(['admin', 'set-state', 'local', 'gone', ...flags]);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain(
      'Allowed choices are active, draining, readonly, removed, configured',
    );
    const missing = await strata(['admin', 'set-state', 'nope', 'active', ...flags]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404 NotFound');
  });

  it('queues and dead-letters list|retry|purge', async () => {
    // Dead letters as the cleanup worker leaves them, written by a second client of the store.
    await using store = await openMetastore(undefined, dir);
    for (const blob of ['x1', 'x2']) {
      await store.cleanup.enqueue({ backend: 'gone', blob, size: 10, reason: 'overwritten' });
    }
    const jobs = await store.cleanup.claim(new Date(), 2, 60_000);
    for (const job of jobs) await store.cleanup.fail(job.id, 'ENOENT gone', new Date(), 1);

    const queues = await strata(['admin', 'queues', ...flags]);
    expect(queues.code).toBe(0);
    expect(queues.stdout).toMatch(/^QUEUE +PENDING +DEAD\ncleanup +\d+ +2\nreplication +0 +0\n/);
    expect(queues.stdout).toMatch(/\norphaned bytes awaiting cleanup: \d+ B\n$/);
    const list = await strata(['admin', 'dead-letters', 'list', 'cleanup', ...flags]);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ *ID +JOB +ATTEMPTS +LAST ERROR$/);
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`^ *${jobs[0]!.id} +gone/x1 +1 +ENOENT gone$`)),
      expect.stringMatching(new RegExp(`^ *${jobs[1]!.id} +gone/x2 +1 +ENOENT gone$`)),
    ]);
    const retry = await strata([
      'admin',
      'dead-letters',
      'retry',
      'cleanup',
      '--ids',
      String(jobs[0]!.id),
      ...flags,
    ]);
    expect(retry).toMatchObject({
      code: 0,
      stdout: '1 dead letter(s) of cleanup back in the queue\n',
    });
    const purge = await strata(['admin', 'dead-letters', 'purge', 'cleanup', ...flags]);
    expect(purge).toMatchObject({ code: 0, stdout: '1 dead letter(s) of cleanup purged\n' });
    expect(await store.cleanup.deadLetters(10)).toEqual([]);
    expect((await strata(['admin', 'dead-letters', 'list', 'nope', ...flags])).code).toBe(2);
  });

  it('workers: one row per worker, this instance holding the leases', async () => {
    let run: Run | undefined;
    for (let i = 0; i < 100; i++) {
      run = await strata(['admin', 'workers', ...flags]);
      if (!run.stdout.includes(' - ')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run!.code).toBe(0);
    const lines = run!.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +RUNS +LAST RUN +LAST OUTCOME +LEASE HOLDER$/);
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual([
      'pending-write-reaper',
      'cleanup-processor',
      'multipart-gc',
      'replicator',
      'drainer',
      'lifecycle',
      'scrubber',
      'surplus-cleaner',
      'notifier',
    ]);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/ +[1-9]\d* +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +ok\b/);
      expect(line).toContain(`${gateway.instanceId} (this instance)`);
    }
  });

  it('--json prints what the API answers; URL and token from the environment', async () => {
    const { code, stdout } = await strata(['admin', 'buckets', '--json'], {
      STRATA_ADMIN_URL: gateway.url,
      STRATA_ADMIN_TOKEN: TOKEN,
    });
    expect(code).toBe(0);
    const api = await fetch(`${gateway.url}/admin/v1/buckets`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(JSON.parse(stdout)).toEqual(await api.json());
    expect(JSON.parse(stdout)).toMatchObject({
      buckets: [{ name: 'reports', usage: { bytes: 1536 * 1024 + 100, objects: 2 } }],
    });
  });

  it('exit 1 naming the status for a refused request, and for a gateway that is not there', async () => {
    const wrong = await strata(['admin', 'status', '--url', gateway.url, '--token', 'nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(
      /^strata admin: 401 Unauthorized from http:\/\/\S+\/admin\/v1\/status: /,
    );
    const port = await closedPort();
    const down = await strata([
      'admin',
      'backends',
      '--url',
      `http://127.0.0.1:${port}`,
      '--token',
      TOKEN,
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^strata admin: cannot reach http:\/\/127\.0\.0\.1:\d+\/admin\/v1\/backends: .*ECONNREFUSED/,
    );
  });

  it('exit 2 for usage errors: no token, a bad URL, an unknown subcommand', async () => {
    const none = await strata(['admin', 'status', '--url', gateway.url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no admin token: pass --token or set STRATA_ADMIN_TOKEN');
    const bad = await strata(['admin', 'status', '--url', 'ftp://x', '--token', TOKEN]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid admin URL "ftp://x"');
    const unknown = await strata(['admin', 'nope', ...flags]);
    expect(unknown.code).toBe(2);
  });
});
