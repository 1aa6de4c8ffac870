import type { Recorder } from '../recorder.js';
import type { Verdict } from '../report/result.js';
import type { ColumnName, RunningTarget, TargetName } from '../targets/target.js';

/** Knobs a run passes to every scenario. */
export type RunOptions = {
  /** The short subset (`--quick`). */
  readonly quick: boolean;
  /** Repeats per measurement; the scenario's default when undefined. */
  readonly reps: number | undefined;
  /** Objects in the listing bucket (and the metastore scenario's big bucket); the default when undefined. */
  readonly listObjects: number | undefined;
  /** Write a CPU profile of every Strata process here (`--profile`). */
  readonly cpuProfileDir: string | undefined;
};

/** What a scenario gets while it runs. */
export type ScenarioContext = {
  readonly options: RunOptions;
  readonly recorder: Recorder;
  /** The started targets, in display order (unavailable ones are left out). */
  readonly targets: readonly RunningTarget[];
  /** Adds a line under the table (what was skipped and why, what N was used). */
  note(text: string): void;
  /** Progress on stderr. */
  log(text: string): void;
  /**
   * Runs one measurement of `target`. If it throws, the failure is recorded in the results and
   * the target is dropped from the rest of the scenario (a peer that breaks under load must not
   * take the others' numbers with it); returns false then, or when the target already failed.
   */
  attempt(target: Column, what: string, fn: () => Promise<void>): Promise<boolean>;
  /** Targets still standing (not failed), in display order. */
  live(): RunningTarget[];
  /**
   * Marks an in-process or own-server column unavailable here (PostgreSQL not reachable, a
   * server that did not start, …): listed under `Unavailable:` in the results, never a failure.
   */
  unavailable(column: ColumnName, reason: string): void;
  /**
   * States one of the scenario's own pass/fail criteria (the soak's "no errors, growth < 64
   * MiB"), printed under its table. A bench reports rather than asserts; `exitNonZero` is for the
   * one outcome a run must not hide (the soak's request errors): `pnpm bench` then exits 1 after
   * writing every result. Each call adds a line, in order (the `small` scenario states what
   * metrics cost and what a bucket policy costs).
   */
  verdict(verdict: Verdict): void;
};

/** Anything measured in a column: a started server or an in-process column. */
export type Column = { readonly name: ColumnName };

/** A column that is not a pool target: measured in-process, or a server the scenario starts. */
export type ColumnSpec = {
  readonly name: ColumnName;
  /** What the column measures, for the JSON results. */
  readonly description: string;
};

/** A column measured inside the bench process (no server to start). */
export type InProcessColumnSpec = ColumnSpec;

/** One benchmark scenario. */
export type Scenario = {
  readonly name: string;
  readonly title: string;
  /** Which servers it measures (none for an in-process scenario). */
  readonly targets: readonly TargetName[];
  /** In-process scenarios: the columns of the table, measured in the bench process itself. */
  readonly inProcess?: readonly InProcessColumnSpec[];
  /**
   * Columns after the pool's targets for servers the scenario starts and stops itself (the
   * `backends` scenario's second Strata); `ctx.unavailable` marks one that could not start.
   */
  readonly ownColumns?: readonly ColumnSpec[];
  /**
   * Left out of a run that names no scenario (`pnpm bench`, `pnpm bench --quick`): run only when
   * named, because it needs more than Node (the `cache` scenario's Python engines) or time.
   */
  readonly onlyWhenNamed?: boolean;
  run(context: ScenarioContext): Promise<void>;
};

/** Rotates `list` by `by` places, so each repeat starts with a different target (order effects). */
export function rotate<T>(list: readonly T[], by: number): T[] {
  if (list.length === 0) return [];
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** MiB, for sizes in case names. */
export const MiB = 2 ** 20;

/** `256 MiB`, `1 GiB`, `4 KiB`. */
export function formatSize(bytes: number): string {
  if (bytes >= 2 ** 30) return `${bytes / 2 ** 30} GiB`;
  if (bytes >= MiB) return `${bytes / MiB} MiB`;
  return `${bytes / 1024} KiB`;
}
