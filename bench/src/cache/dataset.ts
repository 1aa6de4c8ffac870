import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3HttpClient } from '../s3-http-client.js';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import { generateDataset } from './python-engines.js';

/** The key prefix of the dataset in every bucket. */
export const DATASET_PREFIX = 'ds';

/** The shape of the Parquet dataset. */
export type DatasetPlan = {
  readonly rows: number;
  readonly files: number;
  readonly rowGroup: number;
};

/** The files written, with their sizes. */
export type Dataset = {
  readonly dir: string;
  readonly files: readonly { readonly name: string; readonly size: number }[];
  readonly bytes: number;
  /** Removes the local copy. */
  remove(): Promise<void>;
};

/** Writes the dataset with pyarrow into a fresh temp dir. */
export async function writeDataset(plan: DatasetPlan): Promise<Dataset> {
  const dir = await makeTempDir('cache-dataset');
  try {
    await generateDataset(dir, plan.rows, plan.files, plan.rowGroup);
    const names = (await readdir(dir)).filter((n) => n.endsWith('.parquet')).sort();
    const files = await Promise.all(
      names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })),
    );
    const bytes = files.reduce((sum, f) => sum + f.size, 0);
    return { dir, files, bytes, remove: () => removeTempDir(dir) };
  } catch (error) {
    await removeTempDir(dir);
    throw error;
  }
}

/** PUTs every file of `dataset` to `bucket` under {@link DATASET_PREFIX}, two at a time. */
export async function uploadDataset(
  client: S3HttpClient,
  bucket: string,
  dataset: Dataset,
): Promise<void> {
  const queue = [...dataset.files];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
      const body = createReadStream(join(dataset.dir, f.name));
      await client.put(bucket, `${DATASET_PREFIX}/${f.name}`, body, f.size);
    }
  };
  await Promise.all([worker(), worker()]);
}

/** The object the ranged-GET latency is measured on: random bytes, never compressible. */
export const RANGE_OBJECT_KEY = 'range/object.bin';

/** `size` random bytes: the body of {@link RANGE_OBJECT_KEY}, kept to check every range read. */
export function rangeObjectBody(size: number): Buffer {
  return randomBytes(size);
}
