import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createBreaker } from './breaker-backend.js';
import { createFsBackend } from './fs-backend.js';
import { isCopyCapable } from './object-backend.js';
import { FaultInjectingBackend } from './testing/fault-injecting-backend.js';
import { patternBytes, readAll, sha256, tempDir } from './testing/test-helpers.js';

async function setup(options: Parameters<typeof createBreaker>[1] = {}) {
  const dir = await tempDir();
  const faulty = new FaultInjectingBackend(createFsBackend({ name: 'disk', root: dir.path }));
  const breaker = createBreaker(faulty, { volumeThreshold: 2, resetTimeoutMs: 60_000, ...options });
  return {
    faulty,
    breaker,
    [Symbol.asyncDispose]: async () => {
      await breaker.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

describe('createBreaker', () => {
  it('opens after failures and then fails fast without calling the backend', async () => {
    await using t = await setup();
    const opened: unknown[] = [];
    t.breaker.on('open', () => opened.push(true));
    t.faulty.failing = true;
    // volumeThreshold 2: two failures out of two calls open it.
    for (let i = 0; i < 2; i++) {
      await expect(t.breaker.head('k')).rejects.toMatchObject({ code: 'EBACKEND_IO' });
    }
    expect(t.breaker.state).toBe('open');
    expect(opened).toHaveLength(1);
    const calls = t.faulty.calls;
    await expect(t.breaker.head('k')).rejects.toMatchObject({
      code: 'EBACKEND_OPEN',
      backend: 'disk',
    });
    const body = Readable.from([Buffer.from('x')]);
    await expect(t.breaker.put('k', body)).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
    expect(body.destroyed).toBe(true);
    expect(t.faulty.calls).toBe(calls);
  });

  it('does not count missing blobs or invalid parts as failures', async () => {
    await using t = await setup();
    for (let i = 0; i < 10; i++) {
      await expect(t.breaker.get('missing')).rejects.toMatchObject({ code: 'ENOBLOB' });
      await expect(
        t.breaker.completeMultipart('b', 'AAAAAAAAAAAAAAAAAAAAAAAA', []),
      ).rejects.toMatchObject({ code: 'ENOUPLOAD' });
    }
    expect(t.breaker.state).toBe('closed');
  });

  it('half-opens after the reset timeout and closes on a success', async () => {
    await using t = await setup({ resetTimeoutMs: 50 });
    t.faulty.failing = true;
    for (let i = 0; i < 3; i++) await t.breaker.delete('k').catch(() => undefined);
    expect(t.breaker.state).toBe('open');
    t.faulty.failing = false;
    await sleep(120);
    expect(t.breaker.state).toBe('half-open');
    await t.breaker.put('k', Readable.from([Buffer.from('back')]));
    expect(t.breaker.state).toBe('closed');
  });

  it('times a get until the stream is returned, not the transfer', async () => {
    await using t = await setup({ timeoutMs: 100 });
    const body = patternBytes(1024 * 1024, 4);
    await t.breaker.put('big', Readable.from([body]));
    const stream = await t.breaker.get('big');
    await sleep(250); // a slow reader, well past the timeout
    expect(sha256(await readAll(stream))).toBe(sha256(body));
    expect(t.breaker.state).toBe('closed');
  });

  it('aborts and fails a call that overruns its timeout', async () => {
    await using t = await setup({ timeoutMs: 50, volumeThreshold: 1 });
    t.faulty.delayMs = 200;
    const started = Date.now();
    await expect(t.breaker.head('k')).rejects.toMatchObject({ code: 'EBACKEND_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(190);
    expect(t.faulty.signals.at(-1)?.aborted).toBe(true);
    expect(t.breaker.state).toBe('open');
  });

  it('keeps copy only for copy-capable backends and shuts down on close', async () => {
    await using dir = await tempDir();
    const fs = createFsBackend({ name: 'disk', root: dir.path });
    const guarded = createBreaker(fs);
    expect(isCopyCapable(guarded)).toBe(true);
    expect(isCopyCapable(createBreaker(new FaultInjectingBackend(fs)))).toBe(false);
    await guarded.put('a', Readable.from([Buffer.from('abc')]));
    if (!isCopyCapable(guarded)) throw new Error('unreachable');
    await expect(guarded.copy('a', 'b')).resolves.toEqual({ size: 3 });
    await guarded.close();
    await guarded.close();
    await expect(guarded.head('a')).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
    // The wrapped backend was closed too.
    await expect(fs.head('a')).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
  });
});
