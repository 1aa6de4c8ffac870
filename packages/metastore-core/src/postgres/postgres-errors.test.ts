import { describe, expect, it } from 'vitest';
import { MetastoreBusyError, MetastoreUnavailableError } from '../errors.js';
import { mapPostgresError } from './postgres-errors.js';

/** An error as pg raises it: a message, and a SQLSTATE or socket code when there is one. */
const pgError = (message: string, code?: string) =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe('mapPostgresError', () => {
  it.each([
    ['a query the server never answered (pg query_timeout)', pgError('Query read timeout')],
    ['a connection that died', pgError('Connection terminated unexpectedly')],
    ['a connect timeout', pgError('Connection terminated due to connection timeout')],
    ['a pool with no free connection in time', pgError('timeout exceeded when trying to connect')],
    ['a refused connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'a session the server ended for idling in a transaction',
      pgError('terminating connection due to idle-in-transaction timeout', '25P03'),
    ],
    ['an admin shutdown', pgError('terminating connection due to administrator command', '57P01')],
  ])('maps %s to MetastoreUnavailableError, keeping the cause', (_, error) => {
    const mapped = mapPostgresError(error);
    expect(mapped).toBeInstanceOf(MetastoreUnavailableError);
    expect(mapped).toMatchObject({ code: 'EMETA_UNAVAILABLE', cause: error });
  });

  it.each([
    ['a statement_timeout', pgError('canceling statement due to statement timeout', '57014')],
    ['a lock_timeout', pgError('canceling statement due to lock timeout', '55P03')],
    ['a deadlock', pgError('deadlock detected', '40P01')],
  ])('maps %s to MetastoreBusyError', (_, error) => {
    expect(mapPostgresError(error)).toBeInstanceOf(MetastoreBusyError);
  });

  it('passes other errors through unchanged', () => {
    const unique = pgError('duplicate key value violates unique constraint', '23505');
    expect(mapPostgresError(unique)).toBe(unique);
    const plain = new Error('boom');
    expect(mapPostgresError(plain)).toBe(plain);
  });
});
