import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BackendCallEvent, BackendCallStart } from './backend-call-event.js';
import { createBackendPool } from './backend-pool.js';
import { BlobNotFoundError } from './errors.js';
import { createFsBackend } from './fs-backend.js';
import { readAll, tempDir } from './testing/test-helpers.js';

describe('BackendPoolConfig.onCallStart and onCall', () => {
  it('brackets every call: start in the caller context, one end with the error, then onCall', async () => {
    await using dir = await tempDir();
    const caller = new AsyncLocalStorage<string>();
    const log: string[] = [];
    const starts: (BackendCallStart & { context: string | undefined })[] = [];
    const settled: BackendCallEvent[] = [];
    await using pool = createBackendPool({
      members: [{ backend: createFsBackend({ name: 'disk', root: dir.path, fsync: false }) }],
      breaker: false,
      onCallStart: (call) => {
        starts.push({ ...call, context: caller.getStore() });
        log.push(`start ${call.call}`);
        return (error) => log.push(`end ${call.call} ${error === undefined ? 'ok' : 'error'}`);
      },
      onCall: (event) => {
        settled.push(event);
        log.push(`settled ${event.call}`);
      },
    });
    const backend = pool.get('disk')!.backend;

    await caller.run('request-1', async () => {
      await backend.put('blob-a', Readable.from([Buffer.from('hello')]));
      expect((await readAll(await backend.get('blob-a'))).toString()).toBe('hello');
      await expect(backend.get('blob-missing')).rejects.toBeInstanceOf(BlobNotFoundError);
      const listed: string[] = [];
      for await (const blob of backend.list('')) listed.push(blob.blob);
      expect(listed).toEqual(['blob-a']);
    });

    expect(log).toEqual([
      'start put',
      'end put ok',
      'settled put',
      'start get',
      'end get ok',
      'settled get',
      'start get',
      'end get error',
      'settled get',
      'start list',
      'end list ok',
      'settled list',
    ]);
    // The start hook runs where the caller is: a tracer parents its span there.
    expect(starts.every((s) => s.context === 'request-1' && s.backend === 'disk')).toBe(true);
    // No blob name is handed out (blob names derive from object keys, user data).
    expect(Object.keys(starts[0]!).sort()).toEqual(['backend', 'call', 'context']);
    expect(settled[2]!.error).toBeInstanceOf(BlobNotFoundError);
  });

  it('works with onCallStart alone, and its end function may be absent', async () => {
    await using dir = await tempDir();
    const started: string[] = [];
    await using pool = createBackendPool({
      members: [{ backend: createFsBackend({ name: 'disk', root: dir.path, fsync: false }) }],
      breaker: false,
      onCallStart: (call) => {
        started.push(call.call);
        return undefined;
      },
    });
    const backend = pool.get('disk')!.backend;
    await backend.put('b', Readable.from([Buffer.from('x')]));
    expect(await backend.head('b')).toMatchObject({ size: 1 });
    await backend.delete('b');
    expect(started).toEqual(['put', 'head', 'delete']);
  });
});
