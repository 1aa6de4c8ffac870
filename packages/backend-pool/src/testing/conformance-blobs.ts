import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { ConformanceContext } from './conformance.js';
import { byteSorted, chunked, listNames, patternBytes, readAll, sha256 } from './test-helpers.js';

const MiB = 1024 * 1024;

/** Names every backend must store as given: S3 keys are arbitrary UTF-8 up to 1 024 bytes. */
const AWKWARD_NAMES = [
  'bucket/ünïcødé 🎉 spaces and\ttabs@2',
  `bucket/plus+percent%25%2Fslash&amp=eq~tilde"quote'apos@3`,
  'bucket/trailing/@4',
  'bucket/percent%2e%2e@5',
  // ~920 bytes in 100-byte segments (s3rver keeps each segment as a file name).
  `bucket/${Array.from({ length: 9 }, (_, i) => `${i}${'é'.repeat(49)}/`).join('')}@6`,
];
/** Names a path-mapping server may normalise (`.`, `..`, empty segments). */
const PATH_LIKE_NAMES = ['bucket/../../etc/passwd@01J', 'bucket/a/./b/../c@1', 'bucket//twice@7'];

/** Names whose byte order differs from UTF-16 order and from directory order. */
const LIST_NAMES = ['p/B', 'p/a', 'p/a/b', 'p/a-b', 'p/ab', 'p/é', 'p/\uFFFD', 'p/😀', 'q/a', 'p'];

/** put/get/head/list/delete: round trips, names, ranges, listing, missing blobs, close. */
export function describeBlobCases({ factory, quirks }: ConformanceContext): void {
  it('round-trips small, empty and 12 MiB bodies byte for byte, with and without a size', async () => {
    await using t = await factory();
    const cases = [
      { blob: 'b/small@1', body: patternBytes(1000, 1), sized: true },
      { blob: 'b/small@2', body: patternBytes(1000, 2), sized: false },
      { blob: 'b/empty@1', body: Buffer.alloc(0), sized: true },
      { blob: 'b/empty@2', body: Buffer.alloc(0), sized: false },
      // Unsized and over one part: the S3 driver's multipart fallback.
      { blob: 'b/large@1', body: patternBytes(12 * MiB, 3), sized: true },
      { blob: 'b/large@2', body: patternBytes(12 * MiB + 5, 4), sized: false },
    ];
    for (const { blob, body, sized } of cases) {
      const options = sized ? { size: body.length } : {};
      await expect(t.backend.put(blob, chunked(body), options)).resolves.toEqual({
        size: body.length,
      });
      expect(await t.backend.head(blob)).toMatchObject({ blob, size: body.length });
      expect((await t.backend.head(blob))?.lastModified).toBeInstanceOf(Date);
      // Compared by hash: vitest's deep equality on MiB buffers is slow.
      expect(sha256(await readAll(await t.backend.get(blob)))).toBe(sha256(body));
    }
  });

  it('a read stream aborted before anyone reads it fails its reader, not the process', async () => {
    await using t = await factory();
    await t.backend.put('b/abort@1', chunked(patternBytes(256 * 1024, 9)));
    const controller = new AbortController();
    const stream = await t.backend.get('b/abort@1', { signal: controller.signal });
    // The client went away while the caller was still awaiting something else: the stream
    // errors with nobody listening yet (the test setup fails the test on an uncaught error).
    controller.abort(new Error('client disconnected'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(readAll(stream)).rejects.toThrow();
  });

  it('round-trips awkward names through put, get, head, list and delete', async () => {
    await using t = await factory();
    const names = [...AWKWARD_NAMES, ...(quirks.pathLikeNames ? PATH_LIKE_NAMES : [])];
    for (const [i, name] of names.entries()) {
      const body = patternBytes(100 + i, i + 1);
      await expect(
        t.backend.put(name, Readable.from([body]), { size: body.length }),
      ).resolves.toEqual({ size: body.length });
      expect(await readAll(await t.backend.get(name))).toEqual(body);
      expect((await t.backend.head(name))?.size).toBe(body.length);
    }
    const listed = await listNames(t.backend, 'bucket/');
    expect(quirks.sortedList ? listed : byteSorted(listed)).toEqual(byteSorted(names));
    for (const name of names) await t.backend.delete(name);
    for (const name of names) expect(await t.backend.head(name)).toBeUndefined();
    expect(await listNames(t.backend, 'bucket/')).toEqual([]);
  });

  it('lists in byte order, filtered by prefix, with sizes', async () => {
    await using t = await factory();
    for (const name of LIST_NAMES) await t.backend.put(name, Readable.from([Buffer.from(name)]));
    const expected = byteSorted(LIST_NAMES.filter((n) => n.startsWith('p/')));
    const listed = await listNames(t.backend, 'p/');
    expect(quirks.sortedList ? listed : byteSorted(listed)).toEqual(expected);
    const all = await listNames(t.backend, '');
    expect(quirks.sortedList ? all : byteSorted(all)).toEqual(byteSorted(LIST_NAMES));
    expect(await listNames(t.backend, 'nothing/')).toEqual([]);
    for await (const info of t.backend.list('q/')) {
      expect(info).toMatchObject({ blob: 'q/a', size: 3 });
      expect(info.lastModified).toBeInstanceOf(Date);
    }
  });

  it('lists with a delimiter only the names that do not contain it after the prefix', async () => {
    await using t = await factory();
    // A key's writes (`{bucket}/{key}@{writeId}[.{copyId}]`), a longer key sharing the prefix
    // (`k@x`), and a key with no `@` at all.
    const names = ['d/k@01', 'd/k@02', 'd/k@02.03', 'd/k@x@04', 'd/k@x', 'd/plain'];
    for (const name of names) await t.backend.put(name, Readable.from([Buffer.from(name)]));
    const sorted = async (prefix: string, delimiter?: string) => {
      const listed = await listNames(t.backend, prefix, delimiter ? { delimiter } : undefined);
      return quirks.sortedList ? listed : byteSorted(listed);
    };
    expect(await sorted('d/k@', '@')).toEqual(['d/k@01', 'd/k@02', 'd/k@02.03', 'd/k@x']);
    expect(await sorted('d/k@0', '@')).toEqual(['d/k@01', 'd/k@02', 'd/k@02.03']);
    expect(await sorted('d/k@x@', '@')).toEqual(['d/k@x@04']);
    expect(await sorted('d/', '@')).toEqual(['d/plain']);
    expect(await sorted('d/k@')).toEqual(byteSorted(names.filter((n) => n.startsWith('d/k@'))));
    expect(await sorted('d/k@', '.')).toEqual(['d/k@01', 'd/k@02', 'd/k@x', 'd/k@x@04']);
  });

  it('serves inclusive byte ranges; a range past the end reads only what exists', async () => {
    await using t = await factory();
    const body = patternBytes(MiB, 9);
    await t.backend.put('b/k@1', chunked(body), { size: body.length });
    const read = async (start: number, end: number) =>
      readAll(await t.backend.get('b/k@1', { range: { start, end } }));
    expect(sha256(await read(1000, 299_999))).toBe(sha256(body.subarray(1000, 300_000)));
    expect(await read(MiB - 1, MiB - 1)).toEqual(body.subarray(MiB - 1));
    expect(await read(MiB - 2, MiB + 100)).toEqual(body.subarray(MiB - 2));
    expect(await read(MiB + 10, MiB + 20)).toEqual(Buffer.alloc(0));
    await expect(t.backend.get('b/k@1', { range: { start: 5, end: 4 } })).rejects.toThrow(
      RangeError,
    );
    await expect(t.backend.get('b/k@1', { range: { start: -1, end: 4 } })).rejects.toThrow(
      RangeError,
    );
  });

  it('rejects get of a missing blob with ENOBLOB before any stream; head and delete cope', async () => {
    await using t = await factory();
    const missing = { code: 'ENOBLOB', blob: 'nope', backend: t.backend.name };
    await expect(t.backend.get('nope')).rejects.toMatchObject(missing);
    // A range on a missing blob is still "missing", not "past the end".
    await expect(t.backend.get('nope', { range: { start: 10, end: 20 } })).rejects.toMatchObject(
      missing,
    );
    expect(await t.backend.head('nope')).toBeUndefined();
    await t.backend.delete('nope');
    await t.backend.put('k', Readable.from([Buffer.from('x')]));
    await t.backend.delete('k');
    await t.backend.delete('k');
    expect(await t.backend.head('k')).toBeUndefined();
  });

  it('rejects calls after close with EBACKEND_OPEN; close is idempotent', async () => {
    await using t = await factory();
    await t.backend.close();
    await t.backend.close();
    await expect(t.backend.head('k')).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
    const body = Readable.from([Buffer.from('x')]);
    await expect(t.backend.put('k', body)).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
    expect(body.destroyed).toBe(true);
  });
}
