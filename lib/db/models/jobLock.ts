import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

/**
 * A named lease: a job's cluster lock, or an admin alert's once-per-hour throttle. Operational
 * state, not data: it is not among defineModels' models (whose tables backup and restore carry);
 * the lock module defines it on the connection when it needs it.
 */
export interface JobLockRow {
  id: number;
  name: string;
  locked_until: Date;
  owner: string;
  last_slot: Date | null;
  updated_at: Date;
}

const defineJobLock = (s: Sequelize): Static<JobLockRow> =>
  s.define('JobLock', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(150), allowNull: false, unique: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: false },
    owner: { type: DataTypes.STRING(150), allowNull: false },
    last_slot: { type: DataTypes.DATE(3) },
  }, { tableName: 'job_locks', createdAt: false });

/** The JobLock model on this connection, defined once. */
export const jobLockModel = (s: Sequelize): Static<JobLockRow> => (s.models.JobLock as Static<JobLockRow> | undefined) ?? defineJobLock(s);
