import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TRANSFER_MEMORY } from '../s3-client-config.js';
import { MAX_PARTS } from '../part-size.js';
import { planTransfer, type TransferInput } from './transfer-plan.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const stream = (input: Partial<TransferInput>): TransferInput => ({
  size: undefined,
  inMemory: false,
  partSize: undefined,
  concurrency: 4,
  budget: DEFAULT_MAX_TRANSFER_MEMORY,
  ...input,
});
const bytesHeld = (p: { held: number; bufferSize: number }): number => p.held * p.bufferSize;

describe('planTransfer', () => {
  it('unknown size, defaults: 12 MiB parts, 5 buffers (4 sent, 1 read ahead), 117 GiB at most', () => {
    const plan = planTransfer(stream({}));
    expect(plan).toMatchObject({ partSize: 12 * MiB, holding: 'pooled', held: 5, concurrency: 4 });
    expect(bytesHeld(plan)).toBeLessThanOrEqual(64 * MiB);
    expect((plan.partSize * MAX_PARTS) / GiB).toBeCloseTo(117.2, 1);
    expect(plan.setting).toBe('maxTransferMemory');
    // At concurrency 2 (the S3 backend's fallback) parts are 21 MiB: up to 205 GiB.
    expect(planTransfer(stream({ concurrency: 2 })).partSize).toBe(21 * MiB);
  });

  it('unknown size, 16 MiB budget, 5 MiB parts: 3 buffers, 2 sent while one fills', () => {
    const plan = planTransfer(stream({ budget: 16 * MiB, partSize: 5 * MiB }));
    expect(plan).toMatchObject({ partSize: 5 * MiB, held: 3, concurrency: 2, setting: 'partSize' });
    expect(bytesHeld(plan)).toBeLessThanOrEqual(16 * MiB);
  });

  it('refuses a partSize above the budget for an unknown size: such a part is held whole', () => {
    expect(() => planTransfer(stream({ budget: 16 * MiB, partSize: 32 * MiB }))).toThrow(
      /exceeds maxTransferMemory/,
    );
  });

  it('known size: fewer parts in flight as parts grow, then streamed past the budget', () => {
    const at = (size: number) => planTransfer(stream({ size }));
    expect(at(50 * GiB)).toMatchObject({ partSize: 8 * MiB, held: 5, concurrency: 4 });
    expect(at(200 * GiB)).toMatchObject({ partSize: 21 * MiB, held: 3, concurrency: 2 });
    expect(at(400 * GiB)).toMatchObject({ partSize: 41 * MiB, held: 1, concurrency: 1 });
    expect(at(625 * GiB)).toMatchObject({ partSize: 64 * MiB, holding: 'pooled', held: 1 });
    expect(at(1024 * GiB)).toMatchObject({ partSize: 105 * MiB, holding: 'streamed' });
    for (const size of [50, 200, 400, 625].map((g) => g * GiB)) {
      expect(bytesHeld(at(size))).toBeLessThanOrEqual(64 * MiB);
    }
  });

  it('a small known size holds one buffer of its own size', () => {
    expect(planTransfer(stream({ size: 1000 }))).toMatchObject({ bufferSize: 1000, held: 5 });
  });

  it('a Buffer body is sent from the caller memory: no buffers, whatever its size', () => {
    const plan = planTransfer(stream({ size: GiB, inMemory: true, budget: 5 * MiB }));
    expect(plan).toMatchObject({ holding: 'views', bufferSize: 0, concurrency: 4 });
  });
});
