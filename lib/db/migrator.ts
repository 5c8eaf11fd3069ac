import { Umzug, SequelizeStorage } from 'umzug';
import type { Sequelize } from 'sequelize';
import { migrations } from './migrations/index.js';

export interface ProgressEvent {
  name: string;
  phase: 'up' | 'down';
  index: number;
  total: number;
  /** A line from inside a long migration (rows indexed so far), after the line that announced it. */
  detail?: string;
}
export type Progress = (event: ProgressEvent) => void;

/** The one wording of a migration progress line, for the CLI, `start --migrate` and install. */
export const describeMigrationProgress = (p: ProgressEvent, verb: string) => `[${p.index}/${p.total}] ${verb} ${p.name}${p.detail ? `: ${p.detail}` : ''}`;

/** Umzug over the explicit migration list; the applied ones are recorded in `schema_migrations`. */
export function createMigrator(sequelize: Sequelize, onProgress?: Progress) {
  const qi = sequelize.getQueryInterface();
  let total = 0;
  let index = 0;
  const umzug = new Umzug({
    migrations: migrations.map((m) => ({ name: m.name, up: () => m.up(qi, (detail) => onProgress?.({ name: m.name, phase: 'up', index, total, detail })), down: () => m.down(qi) })),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
  umzug.on('migrating', ({ name }) => onProgress?.({ name, phase: 'up', index: ++index, total }));
  umzug.on('reverting', ({ name }) => onProgress?.({ name, phase: 'down', index: ++index, total }));

  return {
    async status() {
      const [executed, pending] = await Promise.all([umzug.executed(), umzug.pending()]);
      return { executed: executed.map((m) => m.name), pending: pending.map((m) => m.name) };
    },
    async up() {
      total = (await umzug.pending()).length;
      index = 0;
      return (await umzug.up()).map((m) => m.name);
    },
    async down(options: { step?: number; all?: boolean } = {}) {
      const executed = await umzug.executed();
      total = options.all ? executed.length : Math.min(options.step ?? 1, executed.length);
      index = 0;
      return (await umzug.down(options.all ? { to: 0 as const } : { step: total })).map((m) => m.name);
    },
  };
}

export type Migrator = ReturnType<typeof createMigrator>;
