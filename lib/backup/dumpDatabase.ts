import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { QueryTypes, Transaction, type TransactionOptions } from 'sequelize';
import type { Database } from '../db/index.js';
import { TABLES_IN_DEPENDENCY_ORDER } from '../db/models/index.js';
import { inTransaction, kindFromModel, kindFromSqlType, modelForTable, type ColumnKind } from './columnKinds.js';
import { encodeValue } from './rowCodec.js';
import { BackupError } from './errors.js';
import { tableEntry } from './format.js';
import type { TableManifest } from './manifest.js';
import { countOf, formatCount, type ProgressReporter } from './progress.js';

/** Rows read per query: bounded memory whatever the table size. */
const PAGE_SIZE = 1000;
/** A progress line every this many rows inside a big table, so a long dump never looks stuck. */
const PROGRESS_EVERY_ROWS = 100_000;

interface DatabaseDump {
  migrations: string[];
  tables: Record<string, TableManifest>;
}

type Row = Record<string, unknown>;

/**
 * Both dialects give a stable snapshot this way: InnoDB's REPEATABLE READ fixes one read view at
 * the first read, and a SQLite read transaction (WAL mode) keeps seeing the database as of its
 * first read while the server goes on writing. So rows across tables match.
 */
function snapshotOptions(dialect: Database['dialect']): TransactionOptions {
  return dialect === 'mysql'
    ? { isolationLevel: Transaction.ISOLATION_LEVELS.REPEATABLE_READ }
    : { type: Transaction.TYPES.DEFERRED };
}

/**
 * Writes every table as db/<table>.ndjson under `folder`, all read inside one transaction.
 * `onTableDumped` lets a caller (and the consistency test) act between tables.
 */
export async function dumpDatabase(
  db: Database,
  folder: string,
  options: { onProgress: ProgressReporter; onTableDumped?: (table: string) => Promise<void>; /** steps the caller counts after the tables */ extraSteps?: number },
): Promise<DatabaseDump> {
  const qi = db.sequelize.getQueryInterface();
  if (db.dialect === 'sqlite') await warnUnlessWal(db, options.onProgress);
  return db.sequelize.transaction(snapshotOptions(db.dialect), async (transaction) => {
    const present = new Set((await qi.showAllTables({ transaction })).map(String));
    const migrations = present.has('schema_migrations')
      ? (await db.sequelize.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name', { type: QueryTypes.SELECT, transaction })).map((r) => r.name)
      : [];
    if (migrations.length === 0) {
      throw new BackupError('This database has no livechat schema (no migrations applied), so there is nothing to back up. Check --data-dir and the database settings.');
    }
    const tables = TABLES_IN_DEPENDENCY_ORDER.filter((t) => present.has(t));
    const dump: DatabaseDump = { migrations, tables: {} };
    for (const [index, table] of tables.entries()) {
      const described = await qi.describeTable(table, inTransaction(transaction));
      const model = modelForTable(db.models, table);
      const columns: Record<string, ColumnKind> = {};
      for (const [column, info] of Object.entries(described)) columns[column] = (model && kindFromModel(model, column)) ?? kindFromSqlType(info.type);

      const file = path.join(folder, tableEntry(table));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const label = `[${index + 1}/${tables.length + (options.extraSteps ?? 0)}] ${table}`;
      let rows = 0;
      // One chunk per page of rows, not per row: a fraction of the stream overhead.
      async function* pagesAsText(): AsyncGenerator<string> {
        for await (const page of readPages(db, table, Object.keys(columns), columns, transaction)) {
          let text = '';
          for (const row of page) {
            text += `${JSON.stringify(encodeRow(table, row, columns))}\n`;
            rows += 1;
            if (rows % PROGRESS_EVERY_ROWS === 0) options.onProgress(`${label}: ${formatCount(rows)} rows so far`);
          }
          yield text;
        }
      }
      // pipeline() rejects on the first write error (ENOSPC on a full disk) and waits for the file
      // to close: awaiting 'close' by hand after an error missed the event, and the backup hung
      // (SQLite: the process then exited 0 with no backup written).
      await pipeline(Readable.from(pagesAsText()), fs.createWriteStream(file, { mode: 0o600 }));
      dump.tables[table] = { rows, columns };
      options.onProgress(`${label}: ${countOf(rows, 'row')}`);
      await options.onTableDumped?.(table);
    }
    return dump;
  });
}

/**
 * Outside WAL mode a SQLite reader holds a lock that makes every writer wait (then fail with
 * SQLITE_BUSY), so a running server could not write until the backup has read every table.
 */
async function warnUnlessWal(db: Database, onProgress: ProgressReporter): Promise<void> {
  const [mode] = await db.sequelize.query<{ journal_mode: string }>('PRAGMA journal_mode', { type: QueryTypes.SELECT });
  if (mode?.journal_mode?.toLowerCase() !== 'wal') {
    onProgress(`warning: the SQLite database is in ${mode?.journal_mode ?? 'an unknown'} journal mode, not WAL: a running server cannot write until this backup has read every table.`);
  }
}

/** Pages by primary key (WHERE id > last), which stays fast on big tables, unlike OFFSET. */
async function* readPages(db: Database, table: string, columnNames: string[], columns: Record<string, ColumnKind>, transaction: Transaction): AsyncGenerator<Row[]> {
  const q = (name: string) => db.sequelize.getQueryInterface().quoteIdentifier(name);
  // Selected as text on MariaDB: its driver may or may not parse JSON depending on the server's
  // column metadata, and a JSON string value would then be indistinguishable from JSON text.
  const select = columnNames.map((c) => (columns[c] === 'json' && db.dialect === 'mysql' ? `CAST(${q(c)} AS CHAR) AS ${q(c)}` : q(c))).join(', ');
  const byId = columnNames.includes('id');
  let lastId: unknown = null;
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const where = byId && lastId !== null ? `WHERE ${q('id')} > :lastId ` : '';
    const order = byId ? q('id') : columnNames.map(q).join(', ');
    const paging = byId ? `LIMIT ${PAGE_SIZE}` : `LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
    const page = await db.sequelize.query<Row>(`SELECT ${select} FROM ${q(table)} ${where}ORDER BY ${order} ${paging}`, {
      type: QueryTypes.SELECT,
      replacements: { lastId },
      transaction,
    });
    if (page.length === 0) return;
    yield page;
    if (page.length < PAGE_SIZE) return;
    lastId = page[page.length - 1].id;
  }
}

function encodeRow(table: string, row: Row, columns: Record<string, ColumnKind>): Row {
  const encoded: Row = {};
  for (const [column, kind] of Object.entries(columns)) {
    try {
      encoded[column] = encodeValue(kind, row[column]);
    } catch (err) {
      throw new BackupError(`Cannot back up ${table}.${column} of row ${String(row.id ?? '?')}: ${(err as Error).message}.`);
    }
  }
  return encoded;
}
