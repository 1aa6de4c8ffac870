import { parseArgs } from 'node:util';
import type { RunOptions } from './scenarios/scenario.js';

/** Parsed command line. */
export type CliOptions = RunOptions & {
  readonly scenarios: readonly string[];
  readonly outDir: string;
  /** `--targets`: restrict every scenario to these servers. */
  readonly onlyTargets: readonly string[] | undefined;
  readonly help: boolean;
};

/** The usage text. */
export const USAGE = `usage: pnpm bench [--quick] [--reps N] [--list-objects N] [--profile] [--targets LIST] [--out DIR] [SCENARIO...]

scenarios: large, small, memory, listing, backends, soak, sigv4, checksums, metastore (default: all)
  backends           Strata in front of an S3 backend (RGW, a second Strata) vs that backend
                     directly, and @strata/s3-client vs @aws-sdk/client-s3
  soak               mixed operations and sizes (1 KiB–64 MiB) for 10 min, 64 clients (quick:
                     60 s, 16): errors, p50/p99 per operation, gateway RSS growth after warm-up;
                     exits 1 if any request failed
  --quick            the short subset (a few minutes on 2 cores)
  --reps N           repeats per measurement (default 3, memory 2; soak: one run)
  --list-objects N   objects in the listing bucket, and metastore's big bucket
                     (default listing 10000 quick, metastore 100000 quick; 1000000 full)
  --profile          run Strata under node --cpu-prof; profiles go to <out>/profiles/
  --targets LIST     only these servers, comma-separated (strata,strata-metrics,raw,raw-md5,s3rver,rgw)
  --out DIR          results directory (default bench/results)

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
    },
  });
  const outDir = values.out ?? defaultOut;
  return {
    quick: values.quick,
    reps: positiveInt(values.reps, '--reps'),
    listObjects: positiveInt(values['list-objects'], '--list-objects'),
    cpuProfileDir: values.profile ? `${outDir}/profiles` : undefined,
    scenarios: positionals,
    onlyTargets: values.targets?.split(',').map((t) => t.trim()),
    outDir,
    help: values.help,
  };
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} wants a positive integer, got ${value}`);
  return n;
}
