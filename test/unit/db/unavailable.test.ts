import { expect } from 'chai';
import { ConnectionAcquireTimeoutError, ConnectionRefusedError, DatabaseError, TimeoutError, UniqueConstraintError, ValidationError } from 'sequelize';
import { isDatabaseUnavailable, databaseUnavailable } from '../../../lib/db/unavailable.js';
import { DatabaseTimeoutError } from '../../../lib/db/deadline.js';
import { AppError } from '../../../lib/errors.js';

const driverError = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });
const wrapped = (parent: Error) => new DatabaseError(Object.assign(parent, { sql: 'SELECT 1' }) as never);

/**
 * Which failures are "the database did not answer" (answered `unavailable`, retried by the client)
 * and which are not: a wrong one either way either hides a bug behind retries forever or answers
 * `internal` to an outage.
 */
describe('isDatabaseUnavailable', () => {
  it('recognises an outage however Sequelize or mysql2 wraps it', () => {
    expect(isDatabaseUnavailable(new ConnectionRefusedError(driverError('ECONNREFUSED')))).to.equal(true);
    expect(isDatabaseUnavailable(new ConnectionAcquireTimeoutError(new Error('acquire')))).to.equal(true);
    expect(isDatabaseUnavailable(wrapped(driverError('PROTOCOL_CONNECTION_LOST')))).to.equal(true);
    expect(isDatabaseUnavailable(wrapped(driverError('ER_LOCK_WAIT_TIMEOUT')))).to.equal(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true })))).to.equal(true);
    expect(isDatabaseUnavailable(new DatabaseTimeoutError('a database statement', 1000))).to.equal(true);
    expect(isDatabaseUnavailable(wrapped(driverError('SQLITE_BUSY')))).to.equal(true);
    expect(isDatabaseUnavailable(databaseUnavailable())).to.equal(true);
  });

  it('leaves everything else alone: broken rules, bad statements, other timeouts, non-errors, loops', () => {
    expect(isDatabaseUnavailable(new UniqueConstraintError({}))).to.equal(false);
    expect(isDatabaseUnavailable(new ValidationError('bad', []))).to.equal(false);
    expect(isDatabaseUnavailable(wrapped(driverError('ER_PARSE_ERROR')))).to.equal(false);
    expect(isDatabaseUnavailable(wrapped(driverError('ER_DUP_ENTRY')))).to.equal(false);
    expect(isDatabaseUnavailable(new TimeoutError(Object.assign(new Error('deadlock'), { sql: 'UPDATE chats SET x = 1' }))), 'a Sequelize TimeoutError without an outage code under it').to.equal(false);
    expect(isDatabaseUnavailable(new AppError('rate_limited', 'slow down', 429))).to.equal(false);
    for (const value of [null, undefined, 'ECONNREFUSED', 42, {}]) expect(isDatabaseUnavailable(value), String(value)).to.equal(false);
    const a: Record<string, unknown> = { code: 'ER_PARSE_ERROR' };
    a.parent = { original: a };
    expect(isDatabaseUnavailable(a), 'a cycle ends').to.equal(false);
  });
});
