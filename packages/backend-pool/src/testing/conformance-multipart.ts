import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { ConformanceContext, ConformanceQuirks } from './conformance.js';
import { chunked, failingBody, patternBytes, readAll, sha256 } from './test-helpers.js';

const MiB = 1024 * 1024;
/** An upload id no backend issued (and well-formed for the fs driver). */
const UNKNOWN_UPLOAD = 'AAAAAAAAAAAAAAAAAAAAAAAA';

/** A part body with its size: S3 requires a Content-Length on UploadPart (see `unsizedParts`). */
const part = (buf: Buffer) => [chunked(buf), { size: buf.length }] as const;

/** What completing an unknown or aborted upload rejects with. */
function completingGone(quirks: ConformanceQuirks): { code: string } {
  return { code: quirks.completeReportsNoUpload ? 'ENOUPLOAD' : 'EBACKEND_IO' };
}

/** Backend-native multipart: assembly, re-uploads, stale tokens, unknown uploads, abort. */
export function describeMultipartCases({ factory, quirks }: ConformanceContext): void {
  it('completes parts into exactly their concatenation; a re-upload replaces a part', async () => {
    await using t = await factory();
    const blob = 'bucket/big object@01J';
    const { uploadId } = await t.backend.createMultipart(blob);
    // Every part but the last is at least 5 MiB, as S3 requires.
    const p1 = patternBytes(5 * MiB + 17, 1);
    const p2old = patternBytes(1000, 2);
    const p2 = patternBytes(1003, 22);
    const r2old = await t.backend.uploadPart(blob, uploadId, 2, ...part(p2old));
    const r1 = await t.backend.uploadPart(blob, uploadId, 1, ...part(p1));
    const r2 = await t.backend.uploadPart(blob, uploadId, 2, ...part(p2));
    expect([r1.size, r2old.size, r2.size]).toEqual([p1.length, p2old.length, p2.length]);
    expect(r2.token).not.toBe(r2old.token);
    expect(await t.backend.head(blob)).toBeUndefined();
    if (quirks.multipartErrors) {
      const stale = [
        { partNumber: 1, token: r1.token },
        { partNumber: 2, token: r2old.token },
      ];
      await expect(t.backend.completeMultipart(blob, uploadId, stale)).rejects.toMatchObject({
        code: 'EINVALID_PART',
        partNumber: quirks.namesInvalidPart ? 2 : 0,
      });
      const never = [
        { partNumber: 1, token: r1.token },
        { partNumber: 4, token: r1.token },
      ];
      await expect(t.backend.completeMultipart(blob, uploadId, never)).rejects.toMatchObject({
        code: 'EINVALID_PART',
      });
      expect(await t.backend.head(blob)).toBeUndefined();
    }
    const parts = [
      { partNumber: 1, token: r1.token },
      { partNumber: 2, token: r2.token },
    ];
    await t.backend.completeMultipart(blob, uploadId, parts);
    const stored = await readAll(await t.backend.get(blob));
    expect(stored.length).toBe(p1.length + p2.length);
    expect(sha256(stored)).toBe(sha256(p1, p2));
    expect(await t.backend.head(blob)).toMatchObject({ size: p1.length + p2.length });
    if (t.leftovers) expect(await t.leftovers()).toEqual([]);
    if (quirks.multipartErrors) {
      // A repeated completion: S3 answers it with the first result, fs says ENOUPLOAD. Either
      // way the blob keeps the bytes of the first.
      await t.backend.completeMultipart(blob, uploadId, parts).catch((err: unknown) => {
        expect(err).toMatchObject({ code: 'ENOUPLOAD' });
      });
      expect(sha256(await readAll(await t.backend.get(blob)))).toBe(sha256(p1, p2));
    }
  });

  it('completing onto a blob that exists already (where the backend can tell)', async () => {
    await using t = await factory();
    const blob = 'b/k@01J';
    const { uploadId } = await t.backend.createMultipart(blob);
    const late = await t.backend.uploadPart(blob, uploadId, 1, ...part(Buffer.from('late')));
    // What a concurrent completion that published first leaves behind.
    await t.backend.put(blob, Readable.from([Buffer.from('winner')]));
    const complete = t.backend.completeMultipart(blob, uploadId, [
      { partNumber: 1, token: late.token },
    ]);
    if (quirks.completeRefusesOverwrite) {
      await expect(complete).rejects.toMatchObject({ code: 'ENOUPLOAD' });
      expect((await readAll(await t.backend.get(blob))).toString()).toBe('winner');
    } else {
      await complete;
      expect((await readAll(await t.backend.get(blob))).toString()).toBe('late');
    }
  });

  // Only where the server has the feature: its quirks say what it lacks (not a gap of ours).
  if (quirks.multipartErrors)
    it('abort discards an upload, idempotently; later parts reject with ENOUPLOAD', async () => {
      await using t = await factory();
      const { uploadId } = await t.backend.createMultipart('b/k');
      await t.backend.uploadPart('b/k', uploadId, 1, ...part(patternBytes(1000, 5)));
      await t.backend.abortMultipart('b/k', uploadId);
      await t.backend.abortMultipart('b/k', uploadId);
      await t.backend.abortMultipart('b/k', UNKNOWN_UPLOAD);
      const body = Readable.from([Buffer.from('late part')]);
      await expect(
        t.backend.uploadPart('b/k', uploadId, 2, body, { size: 9 }),
      ).rejects.toMatchObject({
        code: 'ENOUPLOAD',
        backend: t.backend.name,
      });
      expect(body.destroyed).toBe(true);
      const complete = t.backend.completeMultipart('b/k', uploadId, [
        { partNumber: 1, token: 'x' },
      ]);
      await expect(complete).rejects.toMatchObject(completingGone(quirks));
      expect(await t.backend.head('b/k')).toBeUndefined();
      if (t.leftovers) expect(await t.leftovers()).toEqual([]);
    });

  // Only where the server has the feature: its quirks say what it lacks (not a gap of ours).
  if (quirks.multipartErrors)
    it('rejects unknown uploads, and uploads of another blob, with ENOUPLOAD', async () => {
      await using t = await factory();
      const body = Readable.from([Buffer.from('x')]);
      const sized = { size: 1 };
      await expect(
        t.backend.uploadPart('b/k', UNKNOWN_UPLOAD, 1, body, sized),
      ).rejects.toMatchObject({
        code: 'ENOUPLOAD',
      });
      expect(body.destroyed).toBe(true);
      await expect(
        t.backend.completeMultipart('b/k', UNKNOWN_UPLOAD, [{ partNumber: 1, token: 'x' }]),
      ).rejects.toMatchObject(completingGone(quirks));
      const { uploadId } = await t.backend.createMultipart('b/k');
      const other = t.backend.uploadPart('b/other', uploadId, 1, ...part(Buffer.from('x')));
      await expect(other).rejects.toMatchObject({ code: 'ENOUPLOAD' });
      await t.backend.abortMultipart('b/k', uploadId);
    });

  it('stores a part of unknown size (where the backend takes one)', async () => {
    await using t = await factory();
    const blob = 'b/unsized@01J';
    const { uploadId } = await t.backend.createMultipart(blob);
    const body = patternBytes(1000, 8);
    const upload = t.backend.uploadPart(blob, uploadId, 1, chunked(body));
    if (quirks.unsizedParts) {
      const stored = await upload;
      expect(stored.size).toBe(body.length);
      await t.backend.completeMultipart(blob, uploadId, [{ partNumber: 1, token: stored.token }]);
      expect(sha256(await readAll(await t.backend.get(blob)))).toBe(sha256(body));
    } else {
      // 411 MissingContentLength: the request is at fault, not the backend (not counted).
      await expect(upload).rejects.toMatchObject({ code: 'EBACKEND_REJECTED' });
      if (quirks.multipartErrors) await t.backend.abortMultipart(blob, uploadId);
    }
  });

  it('validates part numbers (1 to 10 000) and destroys the body', async () => {
    await using t = await factory();
    const { uploadId } = await t.backend.createMultipart('b/k');
    for (const partNumber of [0, 10_001, 1.5]) {
      const body = Readable.from([Buffer.from('x')]);
      await expect(t.backend.uploadPart('b/k', uploadId, partNumber, body)).rejects.toThrow(
        RangeError,
      );
      expect(body.destroyed).toBe(true);
    }
    if (quirks.multipartErrors) await t.backend.abortMultipart('b/k', uploadId);
  });

  it('a part whose body fails rejects with EBODY', async () => {
    await using t = await factory();
    const { uploadId } = await t.backend.createMultipart('b/k');
    const body = failingBody(300_000);
    const upload = t.backend.uploadPart('b/k', uploadId, 1, body, { size: MiB });
    await expect(upload).rejects.toMatchObject({ code: 'EBODY', backend: t.backend.name });
    expect(body.destroyed).toBe(true);
    if (quirks.multipartErrors) await t.backend.abortMultipart('b/k', uploadId);
  });
}
