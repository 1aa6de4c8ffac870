import { MetastoreUnavailableError, type MetaStore } from '@strata/metastore-core';
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
} from '../testing/harness.js';
import { multipartEtag } from './multipart-etag.js';

const MiB = 1024 * 1024;
const postgres = await usePostgresTestDatabase();

/** Makes the next `count` transactions of `store` fail as an unreachable database would. */
function failNextTransactions(store: MetaStore, count: number): void {
  const original = store.transaction.bind(store);
  let left = count;
  store.transaction = ((fn: Parameters<MetaStore['transaction']>[0]) => {
    if (left > 0) {
      left -= 1;
      return Promise.reject(new MetastoreUnavailableError('injected: connection lost at commit'));
    }
    return original(fn);
  }) as MetaStore['transaction'];
}

describe.each(TEST_DIALECTS)(
  'CompleteMultipartUpload retried after a failed commit (%s)',
  (dialect) => {
    it('finishes the upload on retry although the backend already assembled the blob', async () => {
      // The metastore is tried again at once after a failure: the retry below reaches it.
      await using h = await createHarness({ metastoreRetryMs: 0, dialect, postgres });
      await h.bucket('b01');
      const { uploadId } = await h.layer.createMultipartUpload({
        bucket: 'b01',
        key: 'k',
        owner: 'alice',
      });
      const data = [patternBytes(5 * MiB, 1), patternBytes(2 * MiB, 2)];
      const parts: { partNumber: number; etag: string }[] = [];
      for (const [i, bytes] of data.entries()) {
        const { etag } = await h.layer.uploadPart({
          bucket: 'b01',
          key: 'k',
          uploadId,
          partNumber: i + 1,
          body: bodyOf(bytes),
        });
        parts.push({ partNumber: i + 1, etag });
      }
      const complete = () =>
        h.layer.completeMultipartUpload({ bucket: 'b01', key: 'k', uploadId, parts });

      // The backend assembles the blob (and drops its upload state); the commit then fails.
      failNextTransactions(h.store, 1);
      await expect(complete()).rejects.toMatchObject({ code: 'EMETA_UNAVAILABLE' });

      // The client retries: the object is committed with the exact bytes and multipart ETag.
      const { record } = await complete();
      expect(record.etag).toBe(multipartEtag(data.map(md5Hex)));
      const got = await h.layer.getObject({ bucket: 'b01', key: 'k' });
      expect(sha256(await readAll(got.body))).toBe(sha256(Buffer.concat(data)));

      // A second retry answers the same record; nothing is left behind.
      expect((await complete()).record).toMatchObject({
        etag: record.etag,
        versionId: record.versionId,
      });
      await runCleanup(h.store, [h.fs]);
      expect(await blobsOf(h.fs)).toEqual([record.copies[0]!.blob]);
    });
  },
);
