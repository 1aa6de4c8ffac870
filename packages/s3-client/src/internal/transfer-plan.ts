import { DEFAULT_PART_SIZE, MAX_PART_SIZE, MIN_PART_SIZE, choosePartSize } from '../part-size.js';
import type { PartSizeSetting } from '../s3-part-limit-error.js';

const MiB = 1024 * 1024;

/** How parts are held: views of a `Buffer` body, buffers of a pool, or streamed from the body. */
export type PartHolding = 'views' | 'pooled' | 'streamed';

/** How one `upload` spends its memory budget. */
export interface TransferPlan {
  /** Bytes per part (every part but the last). */
  readonly partSize: number;
  readonly holding: PartHolding;
  /** Bytes of one pool buffer: the part size, or the whole body when it is smaller. */
  readonly bufferSize: number;
  /** Parts held at once, sent or read ahead (in `pooled`, the buffers of the pool). */
  readonly held: number;
  /** Parts sent at once. */
  readonly concurrency: number;
  /** What decided the part size of a body of unknown size (named by `S3PartLimitError`). */
  readonly setting: PartSizeSetting;
}

/** What {@link planTransfer} decides from. */
export interface TransferInput {
  /** Total bytes, when known (a `Buffer` body, or `contentLength`). */
  readonly size: number | undefined;
  /** Whether the body is a `Buffer` (already in the caller's memory). */
  readonly inMemory: boolean;
  /** The caller's `partSize`, if any. */
  readonly partSize: number | undefined;
  readonly concurrency: number;
  /** `maxTransferMemory`. */
  readonly budget: number;
}

/**
 * Chooses part size, buffers and parts in flight so that the buffers of a stream's upload never
 * exceed `budget` bytes (see `maxTransferMemory` for the rules and their trade-offs).
 *
 * @throws RangeError for a part size S3 refuses, a known size that does not fit 10 000 parts of
 *   5 GiB, or a `partSize` above the budget for a body of unknown size.
 */
export function planTransfer(input: TransferInput): TransferPlan {
  const { size, concurrency, budget } = input;
  if (input.inMemory) {
    const partSize = choosePartSize(input.partSize ?? DEFAULT_PART_SIZE, size);
    const held = concurrency + 1;
    return { partSize, holding: 'views', bufferSize: 0, held, concurrency, setting: 'partSize' };
  }
  if (size === undefined) {
    if (input.partSize === undefined) {
      return pooled(autoPartSize(budget, concurrency), undefined, input, 'maxTransferMemory');
    }
    const partSize = choosePartSize(input.partSize, undefined);
    if (partSize > budget) {
      throw new RangeError(
        `partSize ${partSize} exceeds maxTransferMemory ${budget}: a part of a body of unknown ` +
          'size is held whole until it is sent (raise maxTransferMemory, or give contentLength)',
      );
    }
    return pooled(partSize, undefined, input, 'partSize');
  }
  const partSize = choosePartSize(input.partSize ?? DEFAULT_PART_SIZE, size);
  if (Math.min(partSize, size) > budget) {
    // Not even one part fits: each is streamed from the body with its known length.
    return {
      partSize,
      holding: 'streamed',
      bufferSize: 0,
      held: 1,
      concurrency: 1,
      setting: 'partSize',
    };
  }
  return pooled(partSize, size, input, 'partSize');
}

function pooled(
  partSize: number,
  size: number | undefined,
  input: TransferInput,
  setting: PartSizeSetting,
): TransferPlan {
  const bufferSize = size === undefined ? partSize : Math.min(partSize, size);
  const held = Math.min(input.concurrency + 1, Math.floor(input.budget / Math.max(bufferSize, 1)));
  // `concurrency` parts are sent while one more is read; when fewer buffers fit, one part fewer
  // is sent so that reading the body still overlaps sending (with one buffer they alternate).
  const concurrency = Math.max(1, Math.min(input.concurrency, held - 1));
  return { partSize, holding: 'pooled', bufferSize, held, concurrency, setting };
}

/** The largest whole MiB that lets `concurrency + 1` parts fit in `budget`, within S3's limits. */
function autoPartSize(budget: number, concurrency: number): number {
  const share = Math.floor(budget / (concurrency + 1) / MiB) * MiB;
  return Math.min(MAX_PART_SIZE, Math.max(MIN_PART_SIZE, share));
}
