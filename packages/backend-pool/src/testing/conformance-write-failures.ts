import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { BackendUnderTest, ConformanceContext } from './conformance.js';
import { failingBody, fastEndlessBody, listNames, readAll } from './test-helpers.js';

const MiB = 1024 * 1024;

/** Nothing of a failed write is visible: no blob (where puts are atomic), no leftovers. */
async function expectNothingStored(t: BackendUnderTest, blob: string, atomic: boolean) {
  if (atomic) {
    expect(await t.backend.head(blob)).toBeUndefined();
    expect(await listNames(t.backend, '')).toEqual([]);
  }
  if (t.leftovers) expect(await t.leftovers()).toEqual([]);
}

/** Failed and aborted writes, and writes onto an existing blob. */
export function describeWriteFailureCases({ factory, quirks }: ConformanceContext): void {
  // Sized: one request on S3. Unsized and past one part: S3's multipart fallback, whose
  // upload must be aborted.
  const shapes = [
    { shape: 'size known', size: 2 * MiB, failAfter: 512 * 1024 },
    { shape: 'size unknown', size: undefined, failAfter: 9 * MiB },
  ];

  for (const { shape, size, failAfter } of shapes) {
    it(`put (${shape}): a body that fails mid-stream rejects with EBODY, stores nothing`, async () => {
      await using t = await factory();
      const body = failingBody(failAfter);
      await expect(t.backend.put('b/k@1', body, { size })).rejects.toMatchObject({
        code: 'EBODY',
        backend: t.backend.name,
        cause: { message: 'client went away' },
      });
      expect(body.destroyed).toBe(true);
      await expectNothingStored(t, 'b/k@1', quirks.atomicPut);
    });

    it(`put (${shape}): an abort through the signal rejects with AbortError, stores nothing`, async () => {
      await using t = await factory();
      const controller = new AbortController();
      const body = fastEndlessBody();
      let sent = 0;
      body.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        if (sent >= failAfter) controller.abort();
      });
      const put = t.backend.put('b/k@1', body, { size, signal: controller.signal });
      await expect(put).rejects.toMatchObject({ name: 'AbortError' });
      expect(body.destroyed).toBe(true);
      await expectNothingStored(t, 'b/k@1', quirks.atomicPut);
    });
  }

  it('a put with an aborted signal rejects at once and destroys the body', async () => {
    await using t = await factory();
    const body = Readable.from([Buffer.from('x')]);
    const put = t.backend.put('k', body, { signal: AbortSignal.abort() });
    await expect(put).rejects.toMatchObject({ name: 'AbortError' });
    expect(body.destroyed).toBe(true);
    expect(await t.backend.head('k')).toBeUndefined();
  });

  it('a put onto an existing blob never replaces it (where the backend can tell)', async () => {
    await using t = await factory();
    await t.backend.put('a', Readable.from([Buffer.from('committed')]), { size: 9 });
    const put = t.backend.put('a', Readable.from([Buffer.from('intruder')]), { size: 8 });
    if (quirks.putRefusesOverwrite) {
      await expect(put).rejects.toMatchObject({ code: 'EBACKEND_IO', backend: t.backend.name });
      expect((await readAll(await t.backend.get('a'))).toString()).toBe('committed');
    } else {
      await put;
      expect((await readAll(await t.backend.get('a'))).toString()).toBe('intruder');
    }
  });
}
