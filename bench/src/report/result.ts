import type { MachineInfo } from '../machine.js';
import type { Summary } from '../stats.js';
import type { ColumnName } from '../targets/target.js';

/** Which direction of a metric is good. */
export type Better = 'higher' | 'lower';

/** One target's measurements of one case. */
export type Cell = Summary & {
  /** Medians of side measurements (server peak RSS MiB, server CPU s, client CPU s, …). */
  readonly extras: Readonly<Record<string, number>>;
};

/** One measured case (`PUT 1 GiB`, `GET 4 KiB c=16`), across targets. */
export type ResultRow = {
  readonly case: string;
  readonly unit: string;
  readonly better: Better;
  /** Drawn in the chart (the headline metrics; latencies stay in the table). */
  readonly chart: boolean;
  readonly cells: Partial<Record<ColumnName, Cell>>;
};

/** The same configuration measured twice in one run: the floor under which ratios mean nothing. */
export type NoiseCheck = {
  readonly target: ColumnName;
  readonly case: string;
  readonly unit: string;
  readonly first: Summary;
  readonly second: Summary;
  /** |first − second| / mean of the two medians, in percent. */
  readonly diffPct: number;
};

/** A measurement that explains a ceiling rather than compares servers. */
export type Reference = { readonly name: string; readonly unit: string } & Summary;

/** A target's status in a scenario. */
export type TargetStatus = {
  readonly name: ColumnName;
  readonly available: boolean;
  readonly description: string;
  readonly reason?: string;
};

/** Everything one scenario run produced: what `results/<scenario>.json` holds. */
export type ScenarioResult = {
  readonly scenario: string;
  readonly title: string;
  readonly quick: boolean;
  readonly startedAt: string;
  readonly durationS: number;
  /** Measured inside the bench process (no server): its CPU is the measured work, not a client. */
  readonly inProcess: boolean;
  readonly machine: MachineInfo;
  readonly targets: readonly TargetStatus[];
  readonly rows: readonly ResultRow[];
  readonly noise: readonly NoiseCheck[];
  /** Measurements that are not a server (the MD5 rate of node:crypto, …). */
  readonly references: readonly Reference[];
  /** CPU the bench process itself used during the scenario: is the load generator the limit? */
  readonly loadGenerator: {
    readonly cpuUserS: number;
    readonly cpuSystemS: number;
    readonly wallS: number;
    /** (user + system) / wall, in percent of one core. */
    readonly cpuPctOfOneCore: number;
  };
  readonly notes: readonly string[];
  /** Measurements that threw: the target was dropped from the rest of the scenario. */
  readonly failures: readonly Failure[];
  /**
   * The scenario's own pass/fail lines, in the order stated, when it has any (the soak's; the
   * `small` scenario's metrics and bucket-policy costs).
   */
  readonly verdicts?: readonly Verdict[];
};

/** A scenario's pass/fail line; see `ScenarioContext.verdict`. */
export type Verdict = {
  readonly pass: boolean;
  /** The criterion and the figures it was judged on. */
  readonly text: string;
  /** Make `pnpm bench` exit non-zero (after writing the results). */
  readonly exitNonZero: boolean;
};

/** A measurement that failed (the server answered an error, or the harness did). */
export type Failure = {
  readonly target: ColumnName;
  readonly what: string;
  readonly message: string;
};
