import { parseArgs } from 'node:util';
import type { RunOptions } from './scenarios/scenario.js';

/** Parsed command line. */
export type CliOptions = RunOptions & {
  readonly scenarios: readonly string[];
  readonly outDir: string;
  /** `--targets`: restrict every scenario to these servers. */
  readonly onlyTargets: readonly string[] | undefined;
  readonly help: boolean;
  /** `--check`: compare the run's ratios with the results committed at HEAD. */
  readonly check: boolean;
  /** `--check-threshold`: a ratio worse by more than this many percent has dropped. */
  readonly checkThresholdPct: number;
};

/** `--check-threshold`'s default, in percent. */
export const DEFAULT_CHECK_THRESHOLD_PCT = 10;

/** The usage text. */
export const USAGE = `usage: pnpm bench [--quick] [--reps N] [--list-objects N] [--profile] [--targets LIST] [--out DIR]
                  [--check [--check-threshold PCT]] [SCENARIO...]

scenarios: large, small, memory, listing, backends, cache, transfer, soak, sigv4, checksums,
           envelope, metastore (default: all)
  backends           Strata in front of an S3 backend (RGW, a second Strata) vs that backend
                     directly, and @strata/s3-client vs @aws-sdk/client-s3
  cache              the read cache: Polars/pyarrow Parquet queries on an S3 backend 20 ms away,
                     direct vs Strata cache off/cold/warm; cached ranged GET latency; left out
                     of "all", run only when named (needs python3 with polars, pyarrow)
  transfer           strata cp/sync vs aws cli v2/v1, rclone, s3cmd, boto3 on Strata, RGW and a
                     shaped link (20 ms, resets): MB/s, files/s, peak RSS; left out of "all",
                     run only when named (needs the tools installed)
  soak               mixed operations and sizes (1 KiB–64 MiB) for 10 min, 64 clients (quick:
                     60 s, 16): errors, p50/p99 per operation, gateway RSS growth after warm-up;
                     exits 1 if any request failed
  envelope           in-process: @strata/envelope encrypt/decrypt MiB/s per core vs one bare
                     AES-256-GCM, self-checked; the stored bytes of a ranged read
  --quick            the short subset (a few minutes on 2 cores)
  --reps N           repeats per measurement (default 3, memory 2; soak: one run)
  --list-objects N   objects in the listing bucket, and metastore's big bucket
                     (default listing 10000 quick, metastore 100000 quick; 1000000 full)
  --profile          run Strata under node --cpu-prof; profiles go to <out>/profiles/
  --targets LIST     only these servers, comma-separated (strata,strata-metrics,strata-sse,
                     strata-policy,raw,raw-md5,s3rver,rgw)
  --out DIR          results directory (default bench/results)
  --check            after the run, compare every ratio with the results committed at HEAD,
                     print the comparison and write it to <out>/check.json; exit 1 if a ratio
                     dropped by more than the threshold (unless within the run's noise check)
  --check-threshold PCT   what counts as a drop, in percent (default 10)

pnpm bench profile-summary FILE.cpuprofile   where a Strata CPU profile spends its time`;

/** Parses `argv` (without node and script). */
export function parseCli(argv: readonly string[], defaultOut: string): CliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      'list-objects': { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      targets: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      check: { type: 'boolean', default: false },
      'check-threshold': { type: 'string' },
    },
  });
  const outDir = values.out ?? defaultOut;
  if (values['check-threshold'] !== undefined && !values.check)
    throw new Error('--check-threshold needs --check');
  return {
    quick: values.quick,
    reps: positiveInt(values.reps, '--reps'),
    listObjects: positiveInt(values['list-objects'], '--list-objects'),
    cpuProfileDir: values.profile ? `${outDir}/profiles` : undefined,
    scenarios: positionals,
    onlyTargets: values.targets?.split(',').map((t) => t.trim()),
    outDir,
    help: values.help,
    check: values.check,
    checkThresholdPct: parseThreshold(values['check-threshold']),
  };
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} wants a positive integer, got ${value}`);
  return n;
}

function parseThreshold(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CHECK_THRESHOLD_PCT;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--check-threshold wants a positive number of percent, got ${value}`);
  return n;
}
