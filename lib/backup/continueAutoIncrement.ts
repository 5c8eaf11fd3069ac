import { QueryTypes } from 'sequelize';
import type { Database } from '../db/index.js';

/**
 * After rows are inserted with their own ids, sets each table's counter so the next row gets
 * max(id) + 1. Needed because a counter never goes down by itself: after `restore --force` it
 * would continue after the replaced install's ids. On MariaDB this is DDL (it commits), so it runs
 * after the restore transaction.
 */
export async function continueAutoIncrement(db: Database, tables: string[]): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  const q = (name: string) => qi.quoteIdentifier(name);
  const present = new Set((await qi.showAllTables()).map(String));
  const maxId = async (table: string) => {
    const [row] = await db.sequelize.query<{ maxId: number | string | null }>(`SELECT MAX(${q('id')}) AS ${q('maxId')} FROM ${q(table)}`, { type: QueryTypes.SELECT });
    return Number(row?.maxId ?? 0);
  };
  for (const table of tables) {
    if (!present.has(table)) continue;
    // Tables keyed by another table's id (message_analyses, assistant_settings) have no counter.
    if (!('id' in (await qi.describeTable(table)))) continue;
    const max = await maxId(table);
    if (db.dialect === 'mysql') {
      await db.sequelize.query(`ALTER TABLE ${q(table)} AUTO_INCREMENT = ${max + 1}`);
    } else if (await hasSqliteSequence(db)) {
      // AUTOINCREMENT tables keep their counter in sqlite_sequence.
      await db.sequelize.query('DELETE FROM sqlite_sequence WHERE name = :table', { replacements: { table } });
      if (max > 0) await db.sequelize.query('INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :max)', { replacements: { table, max } });
    }
  }
}

async function hasSqliteSequence(db: Database): Promise<boolean> {
  const rows = await db.sequelize.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'", { type: QueryTypes.SELECT });
  return rows.length > 0;
}
