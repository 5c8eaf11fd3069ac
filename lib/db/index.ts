import type { Sequelize } from 'sequelize';
import type { Config } from '../config/schema.js';
import { createSequelize } from './connection.js';
import { defineModels, type Models } from './models/index.js';
import { createMigrator, type Progress } from './migrator.js';
import { createMessageStores, type MessageStores } from './messages/index.js';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'mysql';
  migrator: ReturnType<typeof createMigrator>;
  /** Where chat messages are stored (the message pipeline's statements; its own pool on MySQL/MariaDB). */
  messageStores: MessageStores;
  close(): Promise<void>;
}

/** Opens the configured database: connection, models and migrator. Does not migrate. */
export function openDatabase(config: Pick<Config, 'database' | 'dataDir'>, options: { onMigrationProgress?: Progress } = {}): Database {
  const sequelize = createSequelize(config.database, config.dataDir);
  const messageStores = createMessageStores(sequelize, config.database);
  return {
    sequelize,
    models: defineModels(sequelize),
    dialect: config.database.dialect,
    migrator: createMigrator(sequelize, options.onMigrationProgress),
    messageStores,
    close: async () => {
      await messageStores.close();
      await sequelize.close();
    },
  };
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(`${pending.length} database migration(s) are pending (${pending.join(', ')}). Run \`livechat migrate up\` or start with --migrate.`);
    this.name = 'PendingMigrationsError';
  }
}
