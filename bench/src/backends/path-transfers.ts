import { runPool } from '../measure.js';
import { createPatternStream, smallBody } from '../pattern-stream.js';
import { S3HttpClient } from '../s3-http-client.js';
import type { Path, PhaseSample } from './path-sample.js';
import { samplePhase } from './path-sample.js';

/** A PUT phase and the GET phase that reads back what it wrote. */
export type PutGetSample = {
  readonly put: PhaseSample;
  readonly get: PhaseSample;
  /** Per-request latencies (ms) of the small-object phases; empty for one large object. */
  readonly putLatenciesMs: readonly number[];
  readonly getLatenciesMs: readonly number[];
};

/** Many small objects: `count` fresh keys of `size` bytes through `concurrency` workers. */
export type SmallOpsConfig = {
  readonly size: number;
  readonly concurrency: number;
  readonly count: number;
};

/**
 * One client streams one object of `size` bytes up (a single PUT, body generated on the fly,
 * never buffered) and back down (counted and dropped), then deletes it (not timed).
 *
 * @throws when the GET returns another byte count, or the server answers an error.
 */
export async function largePutGet(path: Path, size: number, key: string): Promise<PutGetSample> {
  const client = new S3HttpClient({ ...path.target, connections: 2 });
  try {
    const put = await samplePhase(path, () =>
      client.put(path.bucket, key, createPatternStream(size), size),
    );
    const get = await samplePhase(path, () => client.get(path.bucket, key));
    if (get.result !== size) throw new Error(`GET ${key} returned ${get.result} of ${size} bytes`);
    await client.delete(path.bucket, key);
    return { put: put.sample, get: get.sample, putLatenciesMs: [], getLatenciesMs: [] };
  } finally {
    await client.close();
  }
}

/**
 * PUTs `config.count` fresh keys, then GETs them all, through a bounded pool of
 * `config.concurrency` workers on keep-alive connections; deletes them afterwards (not timed).
 */
export async function smallPutGet(
  path: Path,
  config: SmallOpsConfig,
  prefix: string,
): Promise<PutGetSample> {
  const client = new S3HttpClient({ ...path.target, connections: config.concurrency });
  const body = smallBody(config.size);
  const key = (i: number): string => `${prefix}-${String(i).padStart(6, '0')}`;
  try {
    const put = await samplePhase(path, () =>
      runPool(config.count, config.concurrency, (i) =>
        client.put(path.bucket, key(i), body, body.length),
      ),
    );
    const get = await samplePhase(path, () =>
      runPool(config.count, config.concurrency, async (i) => {
        const n = await client.get(path.bucket, key(i));
        if (n !== config.size) throw new Error(`GET ${key(i)} returned ${n} bytes`);
      }),
    );
    await runPool(config.count, config.concurrency, (i) => client.delete(path.bucket, key(i)));
    return {
      put: put.sample,
      get: get.sample,
      putLatenciesMs: put.result,
      getLatenciesMs: get.result,
    };
  } finally {
    await client.close();
  }
}

/** Opens connections and lets both processes JIT their hot paths before anything is timed. */
export async function warmUpPath(path: Path): Promise<void> {
  const config = { size: 4096, concurrency: 16, count: 200 };
  await smallPutGet(path, config, `warm-${path.kind}`);
  await largePutGet(path, 32 * 2 ** 20, `warm-${path.kind}-large`);
}
