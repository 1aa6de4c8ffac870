import { execFile } from 'node:child_process';
import { chmod, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { blobFiles, errorCode, useTestGateway, type TestGateway } from '../testing/test-gateway.js';

// Faults of the server's own storage, provoked for real on the gateway's fs backend: the client
// gets 500 InternalError (never a 4xx that blames it or tells it the key is gone), and the error
// log says what broke and where. Both metastores: the reads and writes go through them.

const postgres = await usePostgresTestDatabase();
const run = promisify(execFile);

/** The gateway's error log, as parsed JSON lines. */
const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'error' },
  {
    write(line: string) {
      logged.push(JSON.parse(line) as Record<string, unknown>);
    },
  },
);

/**
 * Makes `dir` refuse new files: mode 0555, or for root (whom modes do not bind) the immutable
 * attribute, which needs CAP_LINUX_IMMUTABLE and an ext4/xfs/btrfs file system. Resolves with
 * the undo.
 */
async function denyWrites(dir: string): Promise<() => Promise<unknown>> {
  if (process.getuid?.() !== 0) {
    await chmod(dir, 0o555);
    return () => chmod(dir, 0o755);
  }
  await run('chattr', ['+i', dir]);
  return () => run('chattr', ['-i', dir]);
}

for (const dialect of TEST_DIALECTS) {
  describe(`server faults on ${dialect}`, () => {
    const gw = useTestGateway({ dialect, postgres, logger });
    let gateway: TestGateway;
    beforeEach(async () => {
      gateway = gw();
      logged.length = 0;
      expect((await gateway.send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
    });

    it('a blob missing under a committed key: GET is 500 InternalError with a log line, HEAD answers', async () => {
      expect((await gateway.send({ method: 'PUT', path: '/bkt/k', body: 'data' })).status).toBe(
        200,
      );
      expect(await blobFiles(gateway)).toHaveLength(1);
      const row = await gateway.store.objects.get('bkt', 'k');
      const root = join(gateway.dir, 'objects', 'blobs');
      const [file] = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) =>
        e.isFile(),
      );
      await rm(join(file!.parentPath, file!.name));
      expect(await blobFiles(gateway)).toEqual([]);

      const get = await gateway.send({ path: '/bkt/k' });
      expect(get.status).toBe(500);
      expect(await errorCode(get)).toBe('InternalError');
      // HEAD reads only the row, which is intact: the key exists, its bytes are lost.
      const head = await gateway.send({ method: 'HEAD', path: '/bkt/k' });
      expect(head.status).toBe(200);
      expect(logged).toContainEqual(
        expect.objectContaining({
          level: 50,
          msg: expect.stringContaining('object data lost') as unknown,
          bucket: 'bkt',
          key: 'k',
          versionId: row?.versionId,
          backend: 'local',
          blob: row?.copies[0]?.blob,
          requestId: get.headers.get('x-amz-request-id'),
        }),
      );
      // The only copy is gone: nothing to re-replicate from.
      expect((await gateway.store.replication.stats()).pending).toBe(0);
    });

    it('the backend directory refusing writes: PUT is 500 InternalError with a log line naming backend and path', async () => {
      // One write first, so the backend's directories exist; then its temp directory is locked.
      expect((await gateway.send({ method: 'PUT', path: '/bkt/first', body: 'x' })).status).toBe(
        200,
      );
      const tmp = join(gateway.dir, 'objects', 'tmp');
      const undo = await denyWrites(tmp);
      try {
        const put = await gateway.send({ method: 'PUT', path: '/bkt/k', body: 'data' });
        expect(put.status).toBe(500);
        expect(await errorCode(put)).toBe('InternalError');
      } finally {
        await undo();
      }
      expect(logged).toContainEqual(
        expect.objectContaining({
          level: 50,
          msg: expect.stringContaining('refused access') as unknown,
          backend: 'local',
          path: expect.stringContaining(tmp) as unknown,
        }),
      );
      expect((await gateway.send({ method: 'HEAD', path: '/bkt/k' })).status).toBe(404);
    });
  });
}
