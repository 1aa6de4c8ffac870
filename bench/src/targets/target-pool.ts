import { join } from 'node:path';
import { startRaw } from './start-raw.js';
import { startRgw } from './start-rgw.js';
import { startS3rver } from './start-s3rver.js';
import { startStrata } from './start-strata.js';
import { startStrataMetrics } from './start-strata-metrics.js';
import { startStrataSse } from './start-strata-sse.js';
import { isStrataVariant, type Target, type TargetName } from './target.js';

/** Options for a {@link TargetPool}. */
export type TargetPoolOptions = {
  readonly rgwMemGiB: number;
  readonly cpuProfileDir: string | undefined;
  readonly log: (text: string) => void;
};

/**
 * Starts servers for scenarios. Node servers are fresh per scenario (a memory figure must not
 * inherit the heap of an earlier scenario); RGW takes ~15–30 s to start and is not measured for
 * memory, so one instance is shared by the whole run.
 */
export class TargetPool {
  readonly #options: TargetPoolOptions;
  #rgw: Promise<Target> | undefined;

  constructor(options: TargetPoolOptions) {
    this.#options = options;
  }

  /** Starts `names` (in order) and returns them; a failed start becomes an unavailable target. */
  async start(names: readonly TargetName[]): Promise<Target[]> {
    const out: Target[] = [];
    for (const name of names) {
      this.#options.log(`starting ${name}`);
      out.push(await this.#startOne(name));
    }
    return out;
  }

  /** Stops the per-scenario targets (RGW stays for the next scenario). */
  async release(targets: readonly Target[]): Promise<void> {
    await Promise.all(
      targets.map((t) => (t.available && t.name !== 'rgw' ? t.close() : Promise.resolve())),
    );
  }

  /** Stops everything, RGW included; idempotent. */
  async close(): Promise<void> {
    const rgw = await this.#rgw;
    this.#rgw = undefined;
    if (rgw?.available) await rgw.close();
  }

  /** A shared RGW; a failed start is retried once, then again at the next scenario. */
  async #startRgw(): Promise<Target> {
    const cached = await this.#rgw;
    if (cached?.available) return cached;
    let rgw = await startRgw({ memGiB: this.#options.rgwMemGiB });
    if (!rgw.available) {
      this.#options.log(`rgw did not start (${rgw.reason}); retrying once`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      rgw = await startRgw({ memGiB: this.#options.rgwMemGiB });
    }
    this.#rgw = Promise.resolve(rgw);
    return rgw;
  }

  async #startOne(name: TargetName): Promise<Target> {
    try {
      switch (name) {
        case 'strata':
          return await startStrata({ cpuProfileDir: this.#options.cpuProfileDir });
        case 'strata-metrics': {
          // Its own profile sub-directory, so `--profile` tells the two Stratas apart.
          const dir = this.#options.cpuProfileDir;
          return await startStrataMetrics(
            dir === undefined ? {} : { cpuProfileDir: join(dir, 'strata-metrics') },
          );
        }
        case 'strata-sse': {
          const dir = this.#options.cpuProfileDir;
          return await startStrataSse(
            dir === undefined ? {} : { cpuProfileDir: join(dir, 'strata-sse') },
          );
        }
        case 'strata-policy': {
          // The same Strata as `strata`: the policy is the scenario's, on its bucket.
          const dir = this.#options.cpuProfileDir;
          return await startStrata({
            name: 'strata-policy',
            label: 'strata-policy',
            ...(dir === undefined ? {} : { cpuProfileDir: join(dir, 'strata-policy') }),
          });
        }
        case 'raw':
          return await startRaw(false);
        case 'raw-md5':
          return await startRaw(true);
        case 's3rver':
          return await startS3rver();
        case 'rgw':
          return await this.#startRgw();
      }
    } catch (error) {
      // Strata failing to start is a real failure; a peer failing is recorded, not fatal.
      if (name === 'strata' || isStrataVariant(name)) throw error;
      return {
        name,
        available: false,
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
