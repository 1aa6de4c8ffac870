import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BackendPart } from '@strata/backend-pool';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import {
  blobsOf,
  bodyOf,
  createHarness,
  md5Hex,
  patternBytes,
  readAll,
  runCleanup,
  sha256,
  wrapBackend,
  type Harness,
} from '../testing/harness.js';
import { multipartEtag } from './multipart-etag.js';

const MiB = 1024 * 1024;
const postgres = await usePostgresTestDatabase();

/**
 * A backend whose completeMultipart holds every call until two have arrived (so both read the
 * upload and open its parts before either publishes), then lets the first to finish on the
 * backend return at once and holds the second until the first caller's commit is visible: the
 * order in which an SDK retry racing its original would most likely hurt.
 */
function racingCompletes(h: () => Harness) {
  let arrived = 0;
  let releaseBoth!: () => void;
  const bothArrived = new Promise<void>((resolve) => (releaseBoth = resolve));
  let firstSettled: 'ok' | 'failed' | undefined;
  return async (blob: string, uploadId: string, parts: readonly BackendPart[]) => {
    if (++arrived === 2) releaseBoth();
    await bothArrived;
    const outcome = await h()
      .fs.completeMultipart(blob, uploadId, parts)
      .then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    if (firstSettled === undefined) {
      firstSettled = outcome.ok ? 'ok' : 'failed';
    } else if (firstSettled === 'ok') {
      // The first caller's commit takes the upload off the active list.
      for (let i = 0; i < 200; i++) {
        const active = await h().layer.listMultipartUploads('b01', { maxUploads: 10 });
        if (active.uploads.length === 0) break;
        await sleep(10);
      }
    }
    if (!outcome.ok) throw outcome.error;
  };
}

describe.each(TEST_DIALECTS)('concurrent CompleteMultipartUpload of one upload (%s)', (dialect) => {
  it('never lets the second Complete replace the blob the first committed', async () => {
    const h: Harness = await createHarness({
      wrap: (fs) => [wrapBackend(fs, 'disk', { completeMultipart: racingCompletes(() => h) })],
      dialect,
      postgres,
    });
    await using _ = h;
    await h.bucket('b01');
    const { uploadId } = await h.layer.createMultipartUpload({
      bucket: 'b01',
      key: 'k',
      owner: 'alice',
    });
    const p1 = patternBytes(5 * MiB, 1);
    const p2 = patternBytes(3 * MiB, 2);
    const e1 = (
      await h.layer.uploadPart({
        bucket: 'b01',
        key: 'k',
        uploadId,
        partNumber: 1,
        body: bodyOf(p1),
      })
    ).etag;
    const e2 = (
      await h.layer.uploadPart({
        bucket: 'b01',
        key: 'k',
        uploadId,
        partNumber: 2,
        body: bodyOf(p2),
      })
    ).etag;
    const completeWith = (parts: { partNumber: number; etag: string }[]) =>
      h.layer.completeMultipartUpload({ bucket: 'b01', key: 'k', uploadId, parts });

    const outcomes = await Promise.allSettled([
      completeWith([
        { partNumber: 1, etag: e1 },
        { partNumber: 2, etag: e2 },
      ]),
      completeWith([{ partNumber: 1, etag: e1 }]),
    ]);

    // Both callers get the one committed answer (the loser answers as the winner did).
    const records = outcomes.map((o) => {
      expect(o.status).toBe('fulfilled');
      return o.status === 'fulfilled' ? o.value.record : undefined;
    });
    expect(records[1]).toMatchObject({
      etag: records[0]!.etag,
      size: records[0]!.size,
      versionId: records[0]!.versionId,
    });
    const record = records[0]!;
    const got = await h.layer.getObject({ bucket: 'b01', key: 'k' });
    expect(got.record).toMatchObject({ etag: record.etag, size: record.size });
    const bytes = await readAll(got.body);
    expect(bytes.length).toBe(record.size);
    const winner = record.size === p1.length ? [p1] : [p1, p2];
    expect(sha256(bytes)).toBe(sha256(Buffer.concat(winner)));
    expect(record.etag).toBe(multipartEtag(winner.map(md5Hex)));

    // Nothing left behind: one blob (the object's), no upload state, no temp files.
    await runCleanup(h.store, [h.fs]);
    expect(await blobsOf(h.fs)).toEqual([record.copies[0]!.blob]);
    expect(await readdir(join(h.dir, 'disk', 'uploads'))).toEqual([]);
    expect(await readdir(join(h.dir, 'disk', 'tmp'))).toEqual([]);
  });
});
