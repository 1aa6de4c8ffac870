import type { ScrapeStats } from './metrics-scraper.js';

/** Every server the bench knows how to start, in display order. */
export const TARGET_NAMES = [
  'strata',
  'strata-metrics',
  'strata-sse',
  'strata-policy',
  'raw',
  'raw-md5',
  's3rver',
  'rgw',
] as const;

/** One of {@link TARGET_NAMES}. */
export type TargetName = (typeof TARGET_NAMES)[number];

/**
 * Targets that are Strata itself with one feature turned on: tables compare them with `strata`
 * (`strata-metrics vs strata`), not Strata with them.
 */
export const STRATA_VARIANTS = [
  'strata-metrics',
  'strata-sse',
  'strata-policy',
] as const satisfies readonly TargetName[];

/** One of {@link STRATA_VARIANTS}. */
export type StrataVariant = (typeof STRATA_VARIANTS)[number];

/** Whether `name` is one of {@link STRATA_VARIANTS}. */
export function isStrataVariant(name: string): name is StrataVariant {
  return (STRATA_VARIANTS as readonly string[]).includes(name);
}

/**
 * Columns of the in-process scenarios (`sigv4`, `metastore`): libraries measured inside the bench
 * process rather than servers started by the pool. `strata` and `raw` are reused there for the
 * Strata code and the bare primitive it is compared with.
 */
export const IN_PROCESS_COLUMNS = ['sqlite', 'postgres'] as const;

/** One of {@link IN_PROCESS_COLUMNS}. */
export type InProcessColumn = (typeof IN_PROCESS_COLUMNS)[number];

/**
 * Columns of servers a scenario starts itself rather than through the pool: the `backends`
 * scenario's second Strata, on a local directory, used as an S3 backend of a gateway.
 */
export const OWN_SERVER_COLUMNS = ['strata-fs'] as const;

/** One of {@link OWN_SERVER_COLUMNS}. */
export type OwnServerColumn = (typeof OWN_SERVER_COLUMNS)[number];

/**
 * Columns of the `cache` scenario: the same queries on the same data, read from an S3 server
 * behind a 20 ms link, directly and through Strata with its read cache off, cold and warm.
 */
export const CACHE_COLUMNS = ['direct', 'strata-cache-off', 'strata-cold', 'strata-warm'] as const;

/** One of {@link CACHE_COLUMNS}. */
export type CacheColumn = (typeof CACHE_COLUMNS)[number];

/**
 * Columns of the `transfer` scenario: client tools moving the same files to and from the same
 * servers (the rows name the server).
 */
export const TRANSFER_COLUMNS = [
  'strata-cli',
  'aws-cli-v2',
  'aws-cli-v1',
  'rclone',
  's3cmd',
  'boto3',
] as const;

/** One of {@link TRANSFER_COLUMNS}. */
export type TransferColumn = (typeof TRANSFER_COLUMNS)[number];

/** A column of a result table: a server, or something measured in-process. */
export type ColumnName =
  TargetName | OwnServerColumn | InProcessColumn | CacheColumn | TransferColumn;

/** Every column, in display order. */
export const COLUMN_NAMES: readonly ColumnName[] = [
  ...TARGET_NAMES,
  ...OWN_SERVER_COLUMNS,
  ...IN_PROCESS_COLUMNS,
  ...CACHE_COLUMNS,
  ...TRANSFER_COLUMNS,
];

/** What each target is, for tables and the README. */
export const TARGET_DESCRIPTIONS: Readonly<Record<TargetName, string>> = {
  strata:
    'Strata gateway, embedded default (SQLite metastore + local directory), default log level',
  'strata-metrics':
    'the same Strata with Prometheus metrics on (`metrics.token`), scraped on its main listener every 5 s',
  'strata-sse':
    'the same Strata with encryption keys (`encryption.keys`, one random key); the bench bucket has default encryption AES256 (SSE-S3), so every object is stored as AES-256-GCM frames of 64 KiB',
  'strata-policy':
    'the same Strata (same flags, no config); the bench bucket has a 20-statement bucket policy (10 Deny, 10 Allow to other accounts; none matches the bench, none reads object tags), so every request evaluates it and is allowed as the owner',
  raw: 'raw Node HTTP server streaming to/from a file: the ceiling for this runtime and disk',
  'raw-md5': 'the raw server also computing the MD5 of every PUT body (what an S3 ETag costs)',
  s3rver: 's3rver (npm), filesystem store, --silent',
  rgw: 'Ceph RGW 16 (radosgw, beast) on one memstore OSD (RAM), via rgw-local.sh',
};

/** A started server under test. */
export type RunningTarget = {
  readonly name: TargetName;
  readonly available: true;
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Process whose RSS and CPU are sampled. */
  readonly pid: number;
  /** Whether it speaks ListObjectsV2 (the raw peers do not). */
  readonly canList: boolean;
  /** What the bench's Prometheus-style scraper saw (`strata-metrics` only). */
  readonly scrapes?: () => ScrapeStats;
  /** Stops the server (and anything the target runs beside it) and removes its data; idempotent. */
  close(): Promise<void>;
};

/** A target that could not be started here (recorded in the results, never a failure). */
export type UnavailableTarget = {
  readonly name: TargetName;
  readonly available: false;
  readonly reason: string;
};

/** Either outcome of starting a target. */
export type Target = RunningTarget | UnavailableTarget;
