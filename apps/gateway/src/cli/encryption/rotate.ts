import type { Keyring } from '@strata/envelope';
import type { MetaStore } from '@strata/metastore-core';
import {
  rotateKeys,
  type RotateKeysCursor,
  type RotateKeysProgress,
  type RotateKeysResult,
} from '@strata/object-layer';
import { formatTable } from '../admin/format-table.js';
import { CliUsageError } from '../transfer/cli-errors.js';
import { EXIT_CODES, type ExitCode } from '../transfer/exit-codes.js';

/** Flags of `strata encryption rotate`. */
export interface RotateOptions {
  /** `--config`: the `strata.yaml` (else `STRATA_CONFIG`, else defaults and `STRATA_*`). */
  config?: string;
  /** `--bucket`: only this bucket. */
  bucket?: string;
  /** `--after bucket/key`: resume after this object. */
  after?: string;
  /** `--after-version id`: with `--after`, resume after this version of its key only. */
  afterVersion?: string;
  /** `--json`: the outcome as one JSON document. */
  json?: boolean;
}

/**
 * The keyring and the metastore of a configuration, as `cli.ts` (which loads configurations and
 * opens stores) provides them: `keyring` is `undefined` without `encryption.keys`.
 */
export interface RotationTarget {
  readonly keyring: Keyring | undefined;
  /** Opens the metastore; the caller closes it. */
  readonly openStore: () => Promise<MetaStore>;
}

/**
 * Loads the configuration (`--config`, else `STRATA_CONFIG`; `env` for `STRATA_*`).
 *
 * @throws ConfigError (`code: 'ECONFIG'`) naming the bad key; CliUsageError for a metastore that
 *   does not exist.
 */
export type OpenRotationTarget = (
  file: string | undefined,
  env: NodeJS.ProcessEnv,
) => Promise<RotationTarget>;

/** Where the command writes and what it reads; the process's by default (tests pass their own). */
export interface RotateIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Stops the walk at the next object (default: SIGINT). */
  readonly signal?: AbortSignal;
}

const PREFIX = 'strata encryption rotate';

/**
 * `strata encryption rotate`: opens the configured metastore and rewraps, under
 * `encryption.current`, every data key wrapped with another master key (see `rotateKeys` of
 * `@strata/object-layer`), then prints the counts and the first failures. Exit codes as the
 * transfer commands': 0 every stale key rewrapped; 1 some object failed (its master key is not in
 * `encryption.keys`) or the metastore failed midway; 2 a usage or configuration error, before any
 * change; 130 interrupted by SIGINT. An unfinished walk prints where to resume (`--after`).
 */
export async function runRotate(
  options: RotateOptions,
  open: OpenRotationTarget,
  io?: RotateIo,
): Promise<ExitCode> {
  const { stdout, stderr, env } = io ?? processIo();
  let cursor: RotateKeysCursor | undefined;
  // Ctrl-C stops the walk at the next object, so that the summary and the cursor get printed.
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  const signal = io?.signal ?? controller.signal;
  if (io?.signal === undefined) process.on('SIGINT', interrupt);
  try {
    const after = parseAfter(options.after, options.afterVersion);
    cursor = after;
    const { keyring, openStore } = await open(options.config, env);
    if (keyring === undefined) {
      throw new CliUsageError(
        'no encryption keys are configured: set encryption.keys and encryption.current',
      );
    }
    const store = await openStore();
    const progress =
      stderr.isTTY === true && options.json !== true ? progressLine(stderr) : undefined;
    let result: RotateKeysResult;
    try {
      result = await rotateKeys(
        { store, keyring },
        {
          bucket: options.bucket,
          after,
          signal,
          onProgress: (p) => {
            cursor = p.cursor;
            progress?.(p);
          },
        },
      );
    } finally {
      if (progress !== undefined) stderr.write('\n');
      await store.close();
    }
    stdout.write(
      options.json === true
        ? `${JSON.stringify({ ...result, cursor: result.cursor ?? null }, null, 2)}\n`
        : render(result),
    );
    if (!result.complete) return EXIT_CODES.interrupted;
    return result.failed > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, { cursor, bucket: options.bucket }, stderr);
  } finally {
    process.off('SIGINT', interrupt);
  }
}

function processIo(): RotateIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * `--after bucket/key`: the bucket up to the first `/`, the key (possibly with `/`s) after it;
 * with `--after-version`, after that version of the key (its older versions still to do).
 */
export function parseAfter(
  text: string | undefined,
  versionId?: string,
): RotateKeysCursor | undefined {
  if (text === undefined) {
    if (versionId !== undefined) throw new CliUsageError('--after-version needs --after');
    return undefined;
  }
  const slash = text.indexOf('/');
  if (slash <= 0) {
    throw new CliUsageError(`--after ${JSON.stringify(text)}: expected bucket/key`);
  }
  return {
    bucket: text.slice(0, slash),
    key: text.slice(slash + 1),
    ...(versionId === undefined ? {} : { versionId }),
  };
}

/**
 * The arguments that resume after `cursor`: `--after bucket/key`, and `--after-version` when the
 * walk stopped at a version (a key's versions are walked newest first, and the `null` version
 * may be followed by older ones, so it is named too).
 */
function resumeArguments(cursor: RotateKeysCursor): string {
  const version = cursor.versionId === undefined ? '' : ` --after-version ${cursor.versionId}`;
  return `--after ${cursor.bucket}/${cursor.key}${version}`;
}

/** The counts as `name  value` lines, then the failures as a table, then where to resume. */
export function render(result: RotateKeysResult): string {
  const lines: [string, string][] = [
    ['current key', result.currentKeyId],
    ['scanned', String(result.scanned)],
    ['rewrapped', String(result.rewrapped)],
    [
      'skipped',
      `${result.skipped}${result.skipped > 0 ? ' (overwritten or deleted meanwhile)' : ''}`,
    ],
    ['failed', String(result.failed)],
  ];
  const kept = Object.entries(result.keptKeys);
  if (kept.length > 0) {
    // Named SSE-KMS keys keep their objects: those keys cannot leave encryption.keys yet.
    lines.push([
      'kept',
      `${result.kept} (under named KMS keys: ${kept.map(([id, n]) => `${id} ${n}`).join(', ')})`,
    ]);
  }
  let text = lines.map(([name, value]) => `${name.padEnd(13)}${value}\n`).join('');
  if (result.failures.length > 0) {
    const more = result.failed - result.failures.length;
    text += `\n${formatTable(
      [{ header: 'object' }, { header: 'key id' }, { header: 'error' }],
      result.failures.map((f) => [`${f.bucket}/${f.key}`, f.keyId, f.message]),
    )}${more > 0 ? `… and ${more} more\n` : ''}`;
  }
  if (!result.complete && result.cursor !== undefined) text += resumeHint(result.cursor);
  return text;
}

function resumeHint(cursor: RotateKeysCursor): string {
  return `interrupted; resume with ${resumeArguments(cursor)}\n`;
}

/** A one-line progress report rewritten in place (a terminal only). */
function progressLine(stderr: RotateIo['stderr']): (p: RotateKeysProgress) => void {
  return (p) =>
    stderr.write(
      `\rscanned ${p.scanned}, rewrapped ${p.rewrapped}, skipped ${p.skipped}, failed ${p.failed}, kept ${p.kept} (at ${p.cursor.bucket}/${p.cursor.key})\x1b[K`,
    );
}

/** One line on stderr (and where to resume, after a failure midway); the exit code it deserves. */
function reportError(
  error: unknown,
  { cursor, bucket }: { cursor: RotateKeysCursor | undefined; bucket: string | undefined },
  stderr: RotateIo['stderr'],
): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof CliUsageError || code === 'ECONFIG' || code === 'NoSuchBucket') {
    const what =
      code === 'ECONFIG'
        ? `invalid configuration: ${message}`
        : code === 'NoSuchBucket'
          ? `--bucket ${bucket ?? ''}: no such bucket`
          : message;
    stderr.write(`${PREFIX}: ${what}\n`);
    return EXIT_CODES.usage;
  }
  const shown = typeof code === 'string' ? `${message} (${code})` : message;
  stderr.write(`${PREFIX}: ${shown}\n`);
  // Everything before the cursor is done; rerunning from it redoes nothing (a rewrap is idempotent).
  if (cursor !== undefined) stderr.write(`resume with ${resumeArguments(cursor)}\n`);
  return EXIT_CODES.failed;
}
