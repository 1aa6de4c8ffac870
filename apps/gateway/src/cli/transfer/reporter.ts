import { MultiBar, type SingleBar } from 'cli-progress';
import type { TransferProgress } from '@strata/transfer';
import { describeError } from './describe-error.js';

/** What a reported line did to one file (object). */
export const REPORT_OPS = [
  'upload',
  'download',
  'copy',
  'delete',
  'make_bucket',
  'remove_bucket',
] as const;
/** One of {@link REPORT_OPS}. */
export type ReportOp = (typeof REPORT_OPS)[number];

/**
 * How a command reports: `tty` (a line per file like aws cli, under a progress bar unless
 * `--no-progress`), `json` (stdout is no terminal: a JSON line per finished file and a summary
 * line) or `quiet` (errors only). Errors always go to stderr, one line each.
 */
export const REPORT_MODES = ['tty', 'json', 'quiet'] as const;
/** One of {@link REPORT_MODES}. */
export type ReportMode = (typeof REPORT_MODES)[number];

/** Options of {@link createReporter}. */
export interface ReporterOptions {
  readonly mode: ReportMode;
  /** Draw a progress bar (`tty` only). */
  readonly progress: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WritableStream;
}

/** The output of one transfer command. */
export interface Reporter {
  /** A file (object) finished. */
  file(op: ReportOp, src: string, dst: string | undefined, bytes: number, ms: number): void;
  /** Many objects done at once (`rm --recursive`): counted as `count` files. */
  bulk(op: ReportOp, src: string, count: number, ms: number): void;
  /** What a dry run would do. */
  planned(op: ReportOp, src: string, dst: string | undefined, bytes: number): void;
  /** A file (or a whole request) failed: one line on stderr naming it and the error. */
  failure(op: ReportOp, src: string, dst: string | undefined, error: unknown): void;
  /** Aggregate progress of the running call. */
  progress(progress: TransferProgress): void;
  /** Ends the output: stops the bar; in `json` mode prints the summary line. */
  finish(): void;
  /** Files reported failed so far. */
  readonly failures: number;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

function arrow(op: ReportOp, src: string, dst: string | undefined): string {
  return dst === undefined ? `${op}: ${src}` : `${op}: ${src} to ${dst}`;
}

/**
 * The reporter for a mode: `json` when stdout is not a terminal, `quiet` under `--quiet`.
 * Every JSON line is `{"op","src","dst","bytes","ms"}` (`dst` absent for a delete); the last is
 * `{"op":"summary","files","bytes","failed","ms"}`.
 */
export function createReporter(options: ReporterOptions): Reporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const started = performance.now();
  let files = 0;
  let bytesDone = 0;
  let failures = 0;
  let multibar: MultiBar | undefined;
  let bar: SingleBar | undefined;
  if (options.mode === 'tty' && options.progress) {
    multibar = new MultiBar({
      stream: stdout,
      hideCursor: true,
      clearOnComplete: true,
      format:
        '{bar} {percentage}% | {done} / {all} | {rate}/s | ETA {eta_formatted} | {files} files',
    });
    bar = multibar.create(1, 0, { done: '0 B', all: '?', rate: '0 B', files: '0/0' });
  }
  const out = (line: string): void => {
    if (multibar !== undefined) multibar.log(`${line}\n`);
    else stdout.write(`${line}\n`);
  };
  const json = (value: Record<string, unknown>): void => {
    stdout.write(`${JSON.stringify(value)}\n`);
  };
  return {
    get failures() {
      return failures;
    },
    file(op, src, dst, bytes, ms) {
      files += 1;
      bytesDone += bytes;
      if (options.mode === 'json') json({ op, src, dst, bytes, ms: Math.round(ms) });
      else if (options.mode === 'tty') out(arrow(op, src, dst));
    },
    bulk(op, src, count, ms) {
      files += count;
      if (options.mode === 'json') json({ op, src, objects: count, ms: Math.round(ms) });
      else if (options.mode === 'tty') out(`${op}: ${count} object(s) under ${src}`);
    },
    planned(op, src, dst, bytes) {
      if (options.mode === 'json') json({ op, src, dst, bytes, ms: 0, dryrun: true });
      else if (options.mode === 'tty') out(`(dryrun) ${arrow(op, src, dst)}`);
    },
    failure(op, src, dst, error) {
      failures += 1;
      const target = dst === undefined ? src : `${src} to ${dst}`;
      // Always stderr, also under a bar: a script that keeps stderr must see every failure.
      stderr.write(`${op} failed: ${target}: ${describeError(error)}\n`);
    },
    progress(p) {
      if (bar === undefined) return;
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      bar.setTotal(Math.max(p.bytesTotal, 1));
      bar.update(p.bytesDone, {
        done: formatBytes(p.bytesDone),
        all: `${formatBytes(p.bytesTotal)}${p.totalsFinal ? '' : '+'}`,
        rate: formatBytes(Math.round(p.bytesDone / seconds)),
        files: `${p.filesDone}/${p.filesTotal}${p.totalsFinal ? '' : '+'}`,
      });
    },
    finish() {
      multibar?.stop();
      if (options.mode === 'json') {
        const ms = Math.round(performance.now() - started);
        json({ op: 'summary', files, bytes: bytesDone, failed: failures, ms });
      }
    },
  };
}

/** The reporting mode for `--quiet` and the terminal-ness of stdout. */
export function reportModeFor(
  quiet: boolean | undefined,
  stdout: { isTTY?: boolean } = process.stdout,
): ReportMode {
  if (quiet === true) return 'quiet';
  return stdout.isTTY === true ? 'tty' : 'json';
}
