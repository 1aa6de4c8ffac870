import { createS3Client, type S3Client } from '@strata/s3-client';
import { createTransferEngine, type TransferEngine } from '@strata/transfer';
import { CliInterruptedError, isCliInterruptedError, isCliUsageError } from './cli-errors.js';
import { parseConcurrency, type CommonOptions } from './common-options.js';
import { describeError } from './describe-error.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { createReporter, reportModeFor, type Reporter } from './reporter.js';
import { resolveConnection } from './resolve-connection.js';

/** What a command's body works with. */
export interface TransferSession {
  /** The client (closed when the command ends). */
  readonly client: S3Client;
  /** The engine on it. */
  readonly engine: TransferEngine;
  /** The command's output. */
  readonly reporter: Reporter;
  /** Aborted on SIGINT: pass it to every call. */
  readonly signal: AbortSignal;
}

/**
 * Runs a command's body with a client, an engine, a reporter and a signal aborted by SIGINT,
 * and turns its outcome into an exit code: 0, 1 when the reporter saw a failure or the body
 * threw, 2 for a {@link CliUsageError}, 130 after SIGINT. On SIGINT the signal is aborted and
 * the body's calls reject once their in-flight transfers are undone (temporary files removed,
 * multipart uploads aborted); a second SIGINT exits at once.
 */
export async function runTransferSession(
  options: CommonOptions,
  body: (session: TransferSession) => Promise<void>,
  { report = true }: { report?: boolean } = {},
): Promise<ExitCode> {
  const concurrency = parseConcurrency(options.concurrency);
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
    controller.abort(new CliInterruptedError());
  };
  process.on('SIGINT', onSigint);
  const reporter = createReporter({
    // Commands that print their own result (ls, mb, rb) report only failures.
    mode: report ? reportModeFor(options.quiet) : 'quiet',
    progress: options.progress,
  });
  let client: S3Client | undefined;
  try {
    const connection = await resolveConnection(options);
    controller.signal.throwIfAborted();
    client = createS3Client({
      endpoint: connection.endpoint,
      region: connection.region,
      credentials: connection.credentials,
      ...(connection.forcePathStyle === undefined ? {} : { forcePathStyle: true }),
      connections: Math.max(16, concurrency),
    });
    const engine = createTransferEngine({ client, concurrency });
    await body({ client, engine, reporter, signal: controller.signal });
    return reporter.failures > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  } catch (error) {
    if (controller.signal.aborted && isCliInterruptedError(controller.signal.reason)) {
      process.stderr.write('strata: interrupted; transfers in flight were aborted\n');
      return EXIT_CODES.interrupted;
    }
    if (isCliUsageError(error)) throw error;
    process.stderr.write(`strata: ${describeError(error)}\n`);
    return EXIT_CODES.failed;
  } finally {
    process.off('SIGINT', onSigint);
    reporter.finish();
    await client?.close();
  }
}
