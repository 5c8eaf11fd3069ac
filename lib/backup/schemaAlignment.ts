import { Umzug, SequelizeStorage } from 'umzug';
import type { Database } from '../db/index.js';
import { migrations } from '../db/migrations/index.js';
import { BackupError } from './errors.js';
import type { ProgressReporter } from './progress.js';

/**
 * Rows fit the schema of the migrations the backup was made at. Restore brings the target to
 * exactly that schema, inserts, then runs this version's later migrations over the restored rows,
 * the same path live data takes on an upgrade.
 */
interface SchemaPlan {
  /** Migrate the target up to this migration before inserting (the target is behind the backup). */
  upTo: string | null;
  /** Revert this many migrations before inserting (the target is ahead; its tables are emptied first). */
  downSteps: number;
}

const isPrefixOf = (list: string[], of: string[]) => list.every((name, i) => of[i] === name);

export function planSchemaAlignment(backup: string[], executed: string[], known: string[] = migrations.map((m) => m.name)): SchemaPlan {
  const unknown = backup.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new BackupError(`This backup was made by a newer livechat: its database has migrations this version does not know (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', ...' : ''}). Upgrade livechat, then restore.`);
  }
  if (backup.length === 0) throw new BackupError('The backup holds no database schema (its source database had no migrations applied). Nothing was restored.');
  if (!isPrefixOf(backup, known)) throw new BackupError(`The backup's migration history does not match this version's (it skips some migrations). Nothing was restored.`);
  if (!isPrefixOf(executed, known)) throw new BackupError('This install\'s migration history does not match this version\'s; run `livechat doctor`. Nothing was restored.');
  if (executed.length < backup.length) return { upTo: backup[backup.length - 1], downSteps: 0 };
  return { upTo: null, downSteps: executed.length - backup.length };
}

export async function alignSchema(db: Database, plan: SchemaPlan, onProgress: ProgressReporter): Promise<void> {
  if (plan.upTo) {
    onProgress(`Migrating this install up to the backup's schema (${plan.upTo})`);
    // lib/db/migrator.ts runs all pending migrations; a restore must stop at the backup's.
    const umzug = new Umzug({
      migrations: migrations.map((m) => ({ name: m.name, up: () => m.up(db.sequelize.getQueryInterface()), down: () => m.down(db.sequelize.getQueryInterface()) })),
      storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'schema_migrations' }),
      logger: undefined,
    });
    await umzug.up({ to: plan.upTo });
  }
  if (plan.downSteps > 0) {
    onProgress(`Reverting ${plan.downSteps} migration(s) of this install to match the backup's schema`);
    await db.migrator.down({ step: plan.downSteps });
  }
}
