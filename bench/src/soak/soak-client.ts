import { setTimeout as sleep } from 'node:timers/promises';
import type { Gate } from './gate.js';
import { pickWeighted } from './random.js';
import { SlotState, UNKNOWN } from './slot-state.js';
import {
  deleteObject,
  getObject,
  headObject,
  listPrefix,
  multipartObject,
  putObject,
  type OpsContext,
} from './soak-ops.js';
import type { SizeSampler } from './size-mix.js';

/** One soak client: its connection, its keys, and the limits shared with the others. */
export type SoakClientConfig = OpsContext & {
  /** Index of the client; names its keys (`s/c<id>/…`, `l/c<id>`). */
  readonly id: number;
  readonly sizes: SizeSampler;
  /** Keys a client keeps (objects below `largeMin`); each holds at most one object. */
  readonly slots: number;
  /** Objects of at least this size take the large path, one {@link largeGate} permit each. */
  readonly largeMin: number;
  readonly largeGate: Gate;
  /** True once the client must stop (deadline passed, too many errors). */
  readonly stop: () => boolean;
};

/** Relative frequency of each step: a PUT of a large size is a whole large cycle. */
const STEP_WEIGHTS = { PUT: 35, GET: 30, HEAD: 15, LIST: 10, DELETE: 10 } as const;

/** Bound on steps per client, whatever the clock says (at ~1 ms a step, 3 hours). */
const MAX_STEPS = 10_000_000;

/** Pause after a failed step, so a dead server is not hammered in a tight loop. */
const ERROR_PAUSE_MS = 100;

/** Share of large uploads (over one part) sent as multipart uploads. */
const MULTIPART_SHARE = 0.5;

/**
 * Runs one client until `config.stop()`: weighted random steps on its own keys, each checked
 * against what the client last wrote. Never throws: errors are counted in `config.stats`.
 */
export async function runSoakClient(config: SoakClientConfig): Promise<void> {
  const slots = new SlotState(config.slots, `s/c${config.id}/`);
  for (let i = 0; i < MAX_STEPS && !config.stop(); i++) {
    const ok = await step(config, slots);
    if (!ok && !config.stop()) await sleep(ERROR_PAUSE_MS);
  }
}

async function step(config: SoakClientConfig, slots: SlotState): Promise<boolean> {
  const kind = pickWeighted(config.random, STEP_WEIGHTS);
  switch (kind) {
    case 'LIST':
      return listPrefix(config, slots.prefix, (listed) => slots.checkListing(listed));
    case 'GET':
    case 'HEAD': {
      const slot = slots.pickPresent(config.random);
      if (slot === undefined) break;
      const key = slots.key(slot.index);
      return kind === 'GET'
        ? getObject(config, key, slot.fingerprint)
        : headObject(config, key, slot.fingerprint.size);
    }
    case 'DELETE': {
      const index = slots.pick(config.random, ['present', 'unknown']);
      if (index === undefined) break;
      slots.set(index, UNKNOWN);
      const ok = await deleteObject(config, slots.key(index));
      if (ok) slots.set(index, { kind: 'absent' });
      return ok;
    }
    case 'PUT':
      break;
  }
  // A PUT, or a step that had no key to act on yet.
  const size = config.sizes();
  if (size >= config.largeMin) return largeCycle(config, size);
  const index = config.random.int(config.slots);
  slots.set(index, UNKNOWN);
  const fingerprint = await putObject(config, slots.key(index), size);
  if (fingerprint) slots.set(index, { kind: 'present', fingerprint });
  return fingerprint !== undefined;
}

/**
 * A large object's whole life under one gate permit: PUT (or a multipart upload), HEAD, GET
 * (verified), DELETE. It never outlives the permit, so large objects on disk and in flight are
 * at most the gate's limit.
 */
async function largeCycle(config: SoakClientConfig, size: number): Promise<boolean> {
  const release = await config.largeGate.acquire();
  try {
    // The permit may come after the deadline: hand it back at once, so the run ends on time.
    if (config.stop()) return true;
    const key = `l/c${config.id}`;
    const multipart = size > config.partSize && config.random.next() < MULTIPART_SHARE;
    const stored = await (multipart ? multipartObject : putObject)(config, key, size);
    let ok = stored !== undefined;
    if (stored) {
      ok = (await headObject(config, key, stored.size)) && ok;
      ok = (await getObject(config, key, stored)) && ok;
    }
    // Deleted whatever happened, so a failed cycle does not leave 64 MiB behind.
    return (await deleteObject(config, key)) && ok;
  } finally {
    release();
  }
}
