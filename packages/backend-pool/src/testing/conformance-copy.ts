import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { isCopyCapable } from '../object-backend.js';
import type { ConformanceContext } from './conformance.js';
import { chunked, patternBytes, readAll, sha256 } from './test-helpers.js';

/** `copy`: a new, independent blob with the same bytes; a missing source; an existing target. */
export function describeCopyCases({ factory, quirks }: ConformanceContext): void {
  it('copies blobs into new, independent blobs', async () => {
    await using t = await factory();
    expect(isCopyCapable(t.backend)).toBe(true);
    const body = patternBytes(3 * 1024 * 1024 + 1, 7);
    const [source, target] = quirks.copyAnyName
      ? ['b/ünï cødé+&=%25"@1', 'b/copy of ünï+&=%25"@2']
      : ['b/source ünï 1', 'b/copy of source 2'];
    await t.backend.put(source, chunked(body), { size: body.length });
    await expect(t.backend.copy(source, target)).resolves.toEqual({ size: body.length });
    await t.backend.delete(source);
    expect(sha256(await readAll(await t.backend.get(target)))).toBe(sha256(body));
    await t.backend.put('b/empty', Readable.from([]), { size: 0 });
    await expect(t.backend.copy('b/empty', 'b/empty copy')).resolves.toEqual({ size: 0 });
    expect(await readAll(await t.backend.get('b/empty copy'))).toEqual(Buffer.alloc(0));
  });

  it('rejects a copy of a missing source with ENOBLOB naming the source', async () => {
    await using t = await factory();
    await expect(t.backend.copy('b/missing', 'b/target')).rejects.toMatchObject({
      code: 'ENOBLOB',
      blob: 'b/missing',
      backend: t.backend.name,
    });
    expect(await t.backend.head('b/target')).toBeUndefined();
  });

  it('a copy onto an existing blob never replaces it (where the backend can tell)', async () => {
    await using t = await factory();
    await t.backend.put('a', Readable.from([Buffer.from('committed')]), { size: 9 });
    await t.backend.put('b', Readable.from([Buffer.from('other')]), { size: 5 });
    const copy = t.backend.copy('b', 'a');
    if (quirks.copyRefusesOverwrite) {
      await expect(copy).rejects.toMatchObject({ code: 'EBACKEND_IO' });
      expect((await readAll(await t.backend.get('a'))).toString()).toBe('committed');
    } else {
      await copy;
      expect((await readAll(await t.backend.get('a'))).toString()).toBe('other');
    }
  });
}
