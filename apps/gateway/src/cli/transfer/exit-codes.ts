/**
 * Exit codes of the transfer commands (`strata cp`, `sync`, `ls`, `rm`, `mb`, `rb`), stable for
 * scripts: 0 everything done; 1 some file or request failed (each named on stderr); 2 a usage or
 * configuration error, before any transfer; 130 interrupted by SIGINT (128 + signal 2, as shells
 * report it), in-flight transfers aborted and cleaned up.
 */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
