import { MetastoreBusyError, MetastoreUnavailableError } from '../errors.js';

// SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html). These two mean the
// transaction was rolled back and running it again may well succeed.
const RETRYABLE_STATES = [
  '40001', // serialization_failure
  '40P01', // deadlock_detected
] as const;
const BUSY_STATES = [
  '55P03', // lock_not_available: waited past lock_timeout
  '57014', // query_canceled: statement_timeout
] as const;
// Whole classes (first two characters) and single states that mean the database cannot be used.
const UNAVAILABLE_CLASSES = [
  '08', // connection exception
  '28', // invalid authorization specification
  '53', // insufficient resources (disk full, out of memory, too many connections)
  '58', // system error (I/O)
  'XX', // internal error
] as const;
const UNAVAILABLE_STATES = [
  '3D000', // invalid_catalog_name: the database does not exist
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '25006', // read_only_sql_transaction: a hot standby
  '25P03', // idle_in_transaction_session_timeout: the server ended the session
] as const;
// Node socket errors, raised by pg without a SQLSTATE.
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
] as const;
// Raised by pg, pg-pool and kysely, without a code, once a connection or the pool is gone or
// stopped answering ('Query read timeout': pg's client-side query_timeout; 'Connection terminated'
// also covers 'Connection terminated due to connection timeout').
const CLOSED_MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'not queryable',
  'timeout exceeded when trying to connect',
  'Cannot use a pool after calling end',
  'driver has already been destroyed',
] as const;

/** True when `error` is a deadlock or serialization failure: rolled back, worth running again. */
export function isRetryablePostgresError(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (RETRYABLE_STATES as readonly string[]).includes(code);
}

/**
 * Maps a pg error to {@link MetastoreBusyError} (deadlock, serialization failure, lock or
 * statement timeout: rolled back, retryable) or {@link MetastoreUnavailableError} (connection
 * refused, lost or timed out, a query the server never answered within `query_timeout`,
 * authentication, missing database, server shutting down, out of resources);
 * other errors (constraint violations, our own typed errors) pass through unchanged.
 */
export function mapPostgresError(error: unknown): unknown {
  if (error instanceof MetastoreBusyError || error instanceof MetastoreUnavailableError)
    return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined) {
    if (isRetryablePostgresError(error) || (BUSY_STATES as readonly string[]).includes(code)) {
      return new MetastoreBusyError(`PostgreSQL is busy: ${message}`, { cause: error });
    }
    if (
      (UNAVAILABLE_STATES as readonly string[]).includes(code) ||
      (code.length === 5 &&
        (UNAVAILABLE_CLASSES as readonly string[]).includes(code.slice(0, 2))) ||
      (NETWORK_CODES as readonly string[]).includes(code)
    ) {
      return new MetastoreUnavailableError(`PostgreSQL is unavailable: ${message}`, {
        cause: error,
      });
    }
  }
  if (CLOSED_MESSAGES.some((m) => message.includes(m))) {
    return new MetastoreUnavailableError(`PostgreSQL connection lost: ${message}`, {
      cause: error,
    });
  }
  return error;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
