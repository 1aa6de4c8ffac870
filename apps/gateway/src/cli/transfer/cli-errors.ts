/**
 * A command line that cannot run as given: bad arguments, a bad `s3://` URL, a missing local
 * path, no credentials. Reported as one line; exit code 2. Nothing was transferred.
 */
export class CliUsageError extends Error {
  /** Stable code for checks. */
  readonly code = 'EUSAGE' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliUsageError';
  }
}

/** The reason a command's signal is aborted with when the user presses Ctrl-C (SIGINT). */
export class CliInterruptedError extends Error {
  /** Stable code for checks. */
  readonly code = 'EINTERRUPTED' as const;

  constructor() {
    super('interrupted');
    this.name = 'CliInterruptedError';
  }
}

/** Whether `value` is a {@link CliUsageError}. */
export function isCliUsageError(value: unknown): value is CliUsageError {
  return value instanceof CliUsageError;
}

/** Whether `value` is a {@link CliInterruptedError}. */
export function isCliInterruptedError(value: unknown): value is CliInterruptedError {
  return value instanceof CliInterruptedError;
}
