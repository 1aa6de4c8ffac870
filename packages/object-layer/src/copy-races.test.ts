import type { BackendCallOptions, CopyCapableBackend } from '@strata/backend-pool';
import { describe, expect, it } from 'vitest';
import {
  blobsOf,
  bodyOf,
  createHarness,
  md5Hex,
  readAll,
  runCleanup,
  wrapBackend,
  type Harness,
} from './testing/harness.js';

type Race = 'delete' | 'overwrite';

/**
 * A harness whose backend, the first time the source blob is read or copied, lets a concurrent
 * DeleteObject (or overwrite + cleanup) of `src/a` commit and delete that blob first: the window
 * between a copy reading the source row and opening its blob. `copyCapable` picks the
 * backend-side copy path instead of streaming through the gateway.
 */
async function racingHarness(race: Race, copyCapable: boolean): Promise<Harness> {
  let raced = false;
  const interfere = async (blob: string): Promise<void> => {
    if (raced || !blob.startsWith('src/a@')) return;
    raced = true;
    if (race === 'delete') {
      await h.layer.deleteObject({ bucket: 'src', key: 'a' });
    } else {
      await h.layer.putObject({ bucket: 'src', key: 'a', body: bodyOf('the new version') });
      await runCleanup(h.store, [h.fs]);
    }
  };
  const h: Harness = await createHarness({
    wrap: (fs) => {
      const base = wrapBackend(fs, 'disk', {
        get: async (blob, options) => {
          await interfere(blob);
          return fs.get(blob, options);
        },
      });
      if (!copyCapable) return [base];
      const withCopy: CopyCapableBackend = {
        ...base,
        copy: async (source: string, target: string, options?: BackendCallOptions) => {
          await interfere(source);
          return fs.copy(source, target, options);
        },
      };
      return [withCopy];
    },
  });
  await h.bucket('src');
  await h.bucket('dst');
  await h.layer.putObject({ bucket: 'src', key: 'a', body: bodyOf('the old version') });
  return h;
}

const copy = (h: Harness) =>
  h.layer.copyObject({ sourceBucket: 'src', sourceKey: 'a', bucket: 'dst', key: 'b' });

async function partCopy(h: Harness) {
  const { uploadId } = await h.layer.createMultipartUpload({
    bucket: 'dst',
    key: 'b',
    owner: 'alice',
  });
  const part = await h.layer.uploadPartCopy({
    bucket: 'dst',
    key: 'b',
    uploadId,
    partNumber: 1,
    sourceBucket: 'src',
    sourceKey: 'a',
  });
  return { uploadId, part };
}

describe('copies racing a change of their source', () => {
  for (const copyCapable of [false, true]) {
    const path = copyCapable ? 'backend-side copy' : 'streamed copy';

    it(`CopyObject (${path}) of a source deleted meanwhile answers NoSuchKey, leaving nothing`, async () => {
      await using h = await racingHarness('delete', copyCapable);
      await expect(copy(h)).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
      await runCleanup(h.store, [h.fs]);
      expect(await blobsOf(h.fs)).toEqual([]);
      expect(await h.store.objects.get('dst', 'b')).toBeUndefined();
    });

    it(`CopyObject (${path}) of a source overwritten meanwhile copies the new version`, async () => {
      await using h = await racingHarness('overwrite', copyCapable);
      const { record } = await copy(h);
      const current = await h.store.objects.get('src', 'a');
      expect(record).toMatchObject({ etag: current!.etag, size: current!.size });
      expect(record.etag).toBe(md5Hex(Buffer.from('the new version')));
      const got = await h.layer.getObject({ bucket: 'dst', key: 'b' });
      expect((await readAll(got.body)).toString()).toBe('the new version');
    });
  }

  it('UploadPartCopy of a source deleted meanwhile answers NoSuchKey', async () => {
    await using h = await racingHarness('delete', false);
    await expect(partCopy(h)).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
  });

  it('UploadPartCopy of a source overwritten meanwhile copies the new version', async () => {
    await using h = await racingHarness('overwrite', false);
    const { uploadId, part } = await partCopy(h);
    expect(part.etag).toBe(md5Hex(Buffer.from('the new version')));
    const { record } = await h.layer.completeMultipartUpload({
      bucket: 'dst',
      key: 'b',
      uploadId,
      parts: [{ partNumber: 1, etag: part.etag }],
    });
    const got = await h.layer.getObject({ bucket: 'dst', key: 'b' });
    expect((await readAll(got.body)).toString()).toBe('the new version');
    expect(record.size).toBe('the new version'.length);
  });
});
