import crypto from 'node:crypto';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** A subject's count in its current window, as the database answered. */
export interface AttemptCount {
  attempts: number;
  windowEndsAt: number;
}

const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);
const accountPrefix = (email: string) => `${hash(email.trim().toLowerCase())}:`;

/**
 * What is counted: sign-ins for one e-mail from one address, and for one e-mail from anywhere. The
 * e-mail's hash comes first so every count of one account can be cleared at once (forgetAccount).
 */
export const loginSubjects = (email: string, address: string | null) => ({
  pair: `${accountPrefix(email)}${hash(address ?? '')}`,
  account: `${accountPrefix(email)}*`,
});

/**
 * Adds one attempt in one atomic statement: a new subject, or one whose window has ended, starts a
 * window of `windowMs` at 1; otherwise it goes up by one. Concurrent attempts (from any node) are
 * each counted; the answer may already include a concurrent one's count, which can only refuse
 * more, never less.
 */
export async function countAttempt(sequelize: Sequelize, subject: string, windowMs: number, now: number): Promise<AttemptCount> {
  const replacements = { subject, now, ends: now + windowMs };
  // Both dialects evaluate the right-hand sides against the row as it was (MariaDB assigns left to
  // right, and `failures` is assigned before `window_ends_at` changes).
  const upsert =
    sequelize.getDialect() === 'mysql'
      ? `INSERT INTO login_failures (subject, failures, window_ends_at) VALUES (:subject, 1, :ends)
         ON DUPLICATE KEY UPDATE failures = IF(window_ends_at <= :now, 1, failures + 1), window_ends_at = IF(window_ends_at <= :now, :ends, window_ends_at)`
      : `INSERT INTO login_failures (subject, failures, window_ends_at) VALUES (:subject, 1, :ends)
         ON CONFLICT(subject) DO UPDATE SET failures = CASE WHEN window_ends_at <= :now THEN 1 ELSE failures + 1 END,
           window_ends_at = CASE WHEN window_ends_at <= :now THEN :ends ELSE window_ends_at END`;
  await sequelize.query(upsert, { replacements, type: QueryTypes.INSERT });
  const [row] = await sequelize.query<{ failures: number | string; window_ends_at: number | string }>(
    'SELECT failures, window_ends_at FROM login_failures WHERE subject = :subject',
    { replacements, type: QueryTypes.SELECT },
  );
  // (Cleared by a concurrent sign-in in between: nothing counts against it any more.)
  return row ? { attempts: Number(row.failures), windowEndsAt: Number(row.window_ends_at) } : { attempts: 0, windowEndsAt: now };
}

/** Takes back one attempt (a sign-in that succeeded was counted before its password was checked). */
export async function uncountAttempt(sequelize: Sequelize, subject: string): Promise<void> {
  await sequelize.query('UPDATE login_failures SET failures = failures - 1 WHERE subject = :subject AND failures > 0', { replacements: { subject } });
}

export async function clearAttempts(sequelize: Sequelize, subject: string): Promise<void> {
  await sequelize.query('DELETE FROM login_failures WHERE subject = :subject', { replacements: { subject } });
}

/** Every count of one e-mail, from every address (an administrator set a new password). */
export async function forgetAccount(sequelize: Sequelize, email: string, transaction?: Transaction): Promise<void> {
  await sequelize.query('DELETE FROM login_failures WHERE subject LIKE :prefix', { replacements: { prefix: `${accountPrefix(email)}%` }, transaction });
}

/** Deletes the counts whose window has ended (they count for nothing), so the table stays small. */
export async function deleteEndedWindows(sequelize: Sequelize, now: number): Promise<number> {
  return sequelize.query('DELETE FROM login_failures WHERE window_ends_at <= :now', { replacements: { now }, type: QueryTypes.BULKDELETE });
}
