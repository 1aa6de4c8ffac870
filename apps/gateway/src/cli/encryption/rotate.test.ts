import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring, generateDataKey } from '@strata/envelope';
import type { MetaStore, ObjectEncryption, ObjectRecord } from '@strata/metastore-core';
import { openSqliteStore } from '@strata/metastore-core/sqlite';
import { createWriteId } from '@strata/object-layer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render, runRotate } from './rotate.js';

// The real `strata` binary (built `dist/`, as CI runs it after `pnpm build`) in a child process,
// against a SQLite metastore file prepared here.
const BIN = fileURLToPath(new URL('../../../bin/strata.js', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary with no STRATA_* setting but those given. */
function strata(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('STRATA_')),
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

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const GONE = randomBytes(32);

function sealed(keyId: string, key: Buffer, dataKey: Buffer): ObjectEncryption {
  const wrapped = new Keyring({ keys: { [keyId]: key }, current: keyId }).wrap(dataKey);
  return {
    method: 'AES256',
    keyId,
    wrappedKey: wrapped.wrapped.toString('base64'),
    chunkSize: 65_536,
    salts: [randomBytes(16).toString('base64')],
  };
}

async function putRecord(
  store: MetaStore,
  bucket: string,
  key: string,
  encryption?: ObjectEncryption,
) {
  const record: ObjectRecord = {
    bucket,
    key,
    versionId: createWriteId(),
    size: 1,
    etag: '0cc175b9c0f1b6a831c399e269772661',
    lastModified: new Date(),
    headers: {},
    userMetadata: {},
    checksums: {},
    storageClass: 'STANDARD',
    parts: [],
    copies: [],
    ...(encryption === undefined ? {} : { encryption }),
  };
  await store.objects.put(record);
}

describe('strata encryption rotate', () => {
  let dir: string;
  let database: string;
  let config: string;
  const env = { STRATA_TEST_KEY_NEW: NEW.toString('base64') };
  const photoKey = generateDataKey();

  /** The stored encryption of `bucket/key`. */
  async function stored(bucket: string, key: string) {
    await using store = await openSqliteStore({ database });
    return (await store.objects.get(bucket, key))?.encryption;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-rotate-cli-'));
    database = join(dir, 'meta.db');
    await writeFile(join(dir, 'old.key'), OLD);
    config = join(dir, 'strata.yaml');
    await writeFile(
      config,
      [
        `data_dir: ${dir}`,
        `metastore: ${database}`,
        'encryption:',
        '  keys:',
        `    old: file:${join(dir, 'old.key')}`,
        '    new: ${STRATA_TEST_KEY_NEW}',
        '  current: new',
        '',
      ].join('\n'),
    );
    await using store = await openSqliteStore({ database });
    for (const name of ['photos', 'zzz-archive']) {
      await store.buckets.create({
        name,
        owner: 'alice',
        region: 'us-east-1',
        createdAt: new Date(),
        versioning: 'Unversioned',
      });
    }
    await putRecord(store, 'photos', 'cat.jpg', sealed('old', OLD, photoKey));
    await putRecord(store, 'photos', 'dog.jpg', sealed('old', OLD, generateDataKey()));
    await putRecord(store, 'photos', 'plain.txt');
    await putRecord(store, 'zzz-archive', 'lost.bin', sealed('gone', GONE, generateDataKey()));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('names the KMS keys objects were kept under, which cannot leave encryption.keys yet', () => {
    const text = render({
      currentKeyId: 'new',
      scanned: 3,
      rewrapped: 1,
      skipped: 0,
      failed: 0,
      kept: 2,
      keptKeys: { 'team-a': 2 },
      failures: [],
      complete: true,
      cursor: undefined,
    });
    expect(text).toContain('kept         2 (under named KMS keys: team-a 2)');
  });

  it('rewraps one bucket and prints the counts', async () => {
    const { code, stdout, stderr } = await strata(
      ['encryption', 'rotate', '--config', config, '--bucket', 'photos'],
      env,
    );
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'current key  new',
        'scanned      3',
        'rewrapped    2',
        'skipped      0',
        'failed       0',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
    const cat = (await stored('photos', 'cat.jpg'))!;
    expect(cat.keyId).toBe('new');
    const onlyNew = new Keyring({ keys: { new: NEW }, current: 'new' });
    const unwrapped = onlyNew.unwrap({
      keyId: 'new',
      wrapped: Buffer.from(cat.wrappedKey, 'base64'),
    });
    expect(unwrapped.equals(photoKey)).toBe(true);
    expect((await stored('zzz-archive', 'lost.bin'))!.keyId).toBe('gone');
  });

  it('--json: every bucket; a key not in encryption.keys is a failure naming it (exit 1)', async () => {
    const { code, stdout, stderr } = await strata(
      ['encryption', 'rotate', '--config', config, '--json'],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      currentKeyId: 'new',
      scanned: 4,
      rewrapped: 0,
      skipped: 0,
      failed: 1,
      complete: true,
      cursor: { bucket: 'zzz-archive', key: 'lost.bin' },
      failures: [
        {
          bucket: 'zzz-archive',
          key: 'lost.bin',
          keyId: 'gone',
          code: 'EENVELOPE_MISSING_KEY',
        },
      ],
    });
    // The table says the same, one row per failure.
    const table = await strata(
      ['encryption', 'rotate', '--config', config, '--after', 'photos/zzz'],
      env,
    );
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(
      /\nOBJECT +KEY ID +ERROR\nzzz-archive\/lost\.bin +gone +master key "gone" is not in the keyring/,
    );
    for (const out of [stdout, table.stdout]) {
      expect(out).not.toContain(NEW.toString('base64'));
      expect(out).not.toContain(OLD.toString('base64'));
    }
  });

  it('exits 2, changing nothing, without keys, with a bad --after or an unknown --bucket', async () => {
    const noKeys = join(dir, 'no-keys.yaml');
    await writeFile(noKeys, `data_dir: ${dir}\nmetastore: ${database}\n`);
    const none = await strata(['encryption', 'rotate', '--config', noKeys]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toBe(
      'strata encryption rotate: no encryption keys are configured: set encryption.keys and encryption.current\n',
    );
    const badAfter = await strata(
      ['encryption', 'rotate', '--config', config, '--after', 'nokey'],
      env,
    );
    expect(badAfter).toMatchObject({ code: 2, stdout: '' });
    expect(badAfter.stderr).toContain('--after "nokey": expected bucket/key');
    const lone = await strata(
      ['encryption', 'rotate', '--config', config, '--after-version', 'x'],
      env,
    );
    expect(lone).toMatchObject({ code: 2, stdout: '' });
    expect(lone.stderr).toContain('--after-version needs --after');
    const unknown = await strata(
      ['encryption', 'rotate', '--config', config, '--bucket', 'nope'],
      env,
    );
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('strata encryption rotate: --bucket nope: no such bucket\n');
    const elsewhere = await strata(['encryption', 'rotate', '--config', config], {
      ...env,
      STRATA_METASTORE: join(dir, 'typo.db'),
    });
    expect(elsewhere).toMatchObject({ code: 2, stdout: '' });
    expect(elsewhere.stderr).toContain(`no metastore at ${join(dir, 'typo.db')}`);
    const unset = await strata(['encryption', 'rotate', '--config', config]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(
      /encryption\.keys\.new: environment variable STRATA_TEST_KEY_NEW is not set/,
    );
  });

  it('interrupted: prints the counts so far and where to resume (exit 130)', async () => {
    let stdout = '';
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => expect.fail(`stderr: ${text}`) },
      env,
      signal: AbortSignal.abort(),
    };
    const open = () =>
      Promise.resolve({
        keyring: new Keyring({ keys: { old: OLD, new: NEW }, current: 'new' }),
        openStore: () => openSqliteStore({ database }),
      });
    const code = await runRotate({ config, after: 'photos/dog.jpg' }, open, io);
    expect(code).toBe(130);
    expect(stdout).toMatch(/^current key {2}new\nscanned {6}0\n/);
    expect(stdout).toContain('\ninterrupted; resume with --after photos/dog.jpg\n');
    // Stopped inside a key's versions: the resume names the version too.
    const inside = await runRotate(
      { config, after: 'photos/dog.jpg', afterVersion: '01JABCDEFGHJKMNPQRSTVWXYZ0' },
      open,
      io,
    );
    expect(inside).toBe(130);
    expect(stdout).toContain(
      '\ninterrupted; resume with --after photos/dog.jpg --after-version 01JABCDEFGHJKMNPQRSTVWXYZ0\n',
    );
  });
});
