import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { blobsOf, createHarness, readAll } from '../testing/harness.js';

/** A body that trickles `chunks` chunks, one every `everyMs`. */
function slowBody(chunks: number, everyMs: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === chunks) return void this.push(null);
      sent++;
      setTimeout(() => this.push(Buffer.alloc(1000, sent)), everyMs);
    },
  });
}

describe('write intents', () => {
  it('are extended while a slow upload streams, so the reaper leaves them alone', async () => {
    await using h = await createHarness({ intentTtlMs: 400 });
    await h.bucket('b01');
    const writing = h.layer.putObject({ bucket: 'b01', key: 'slow', body: slowBody(15, 50) });
    const reaped = [];
    // The upload takes about twice the TTL; the reaper looks every 100 ms.
    for (let i = 0; i < 7; i++) {
      await sleep(100);
      reaped.push(...(await h.store.intents.expire(new Date(), 10)));
    }
    const { record } = await writing;
    expect(reaped).toEqual([]);
    expect(record.size).toBe(15_000);
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'b01', key: 'slow' })).body)).length,
    ).toBe(15_000);
  });

  it('a write whose intent was reaped mid-stream refuses to commit and leaves nothing', async () => {
    await using h = await createHarness({ intentTtlMs: 90 });
    await h.bucket('b01');
    const writing = h.layer.putObject({ bucket: 'b01', key: 'late', body: slowBody(10, 20) });
    await sleep(20);
    // Simulates a reaper on another instance with a clock far ahead.
    expect(await h.store.intents.expire(new Date(Date.now() + 3600_000), 10)).toHaveLength(1);
    await expect(writing).rejects.toMatchObject({ code: 'EINTENT_EXPIRED' });
    expect(await h.store.objects.get('b01', 'late')).toBeUndefined();
    expect(await blobsOf(h.fs)).toEqual([]);
  });
});
