import fs from 'node:fs';
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../db/index.js';
import { TABLES_IN_DEPENDENCY_ORDER } from '../db/models/index.js';
import { inTransaction, type ColumnKind } from './columnKinds.js';
import { decodeValue } from './rowCodec.js';
import { BackupError } from './errors.js';
import { tableEntry } from './format.js';
import type { TableManifest } from './manifest.js';
import { countOf, formatCount, type ProgressReporter } from './progress.js';

/** Rows per INSERT, and a byte cap so long message bodies stay well under max_allowed_packet. */
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

type Row = Record<string, unknown>;

const quote = (db: Database, name: string) => db.sequelize.getQueryInterface().quoteIdentifier(name);

async function existingTables(db: Database, transaction?: Transaction): Promise<Set<string>> {
  return new Set((await db.sequelize.getQueryInterface().showAllTables({ transaction })).map(String));
}

/** Whether the install holds data a restore would mix with: any client (website) or user. */
export async function hasData(db: Database): Promise<boolean> {
  const present = await existingTables(db);
  for (const table of ['clients', 'users']) {
    if (!present.has(table)) continue;
    const rows = await db.sequelize.query(`SELECT 1 AS one FROM ${quote(db, table)} LIMIT 1`, { type: QueryTypes.SELECT });
    if (rows.length) return true;
  }
  return false;
}

/** Deletes every row, children first so foreign keys hold at each step. */
export async function emptyTables(db: Database, transaction: Transaction): Promise<void> {
  const present = await existingTables(db, transaction);
  for (const table of [...TABLES_IN_DEPENDENCY_ORDER].reverse()) {
    if (present.has(table)) await db.sequelize.query(`DELETE FROM ${quote(db, table)}`, { transaction });
  }
}

interface ForeignKeyReference {
  columnName: string;
  referencedTableName: string;
}
const isReference = (r: unknown): r is ForeignKeyReference =>
  typeof r === 'object' && r !== null && 'columnName' in r && typeof r.columnName === 'string' && 'referencedTableName' in r && typeof r.referencedTableName === 'string';

/** Columns of `table` that reference `table` itself (chats.previous_chat_id): they may point forward. */
async function selfReferences(db: Database, table: string, transaction: Transaction): Promise<string[]> {
  // Sequelize declares the answer as a bare `object`; it is a list of references, checked here.
  const refs: unknown = await db.sequelize.getQueryInterface().getForeignKeyReferencesForTable(table, { transaction });
  if (!Array.isArray(refs)) return [];
  return refs.filter(isReference).filter((r) => r.referencedTableName === table).map((r) => r.columnName);
}

/**
 * Inserts one table from its NDJSON file in batches, keeping ids. Rows come in id order, so a
 * self-reference to a lower id is already in place; one to a higher id is inserted as NULL and set
 * once the whole table is in (foreign keys are checked per statement on both dialects).
 */
async function insertTable(db: Database, table: string, file: string, expected: TableManifest, transaction: Transaction, onRows: (rows: number) => void): Promise<number> {
  const targetColumns = Object.keys(await db.sequelize.getQueryInterface().describeTable(table, inTransaction(transaction)));
  const unknown = Object.keys(expected.columns).filter((c) => !targetColumns.includes(c));
  if (unknown.length) throw new BackupError(`The backup has ${table} column(s) this install's schema lacks (${unknown.join(', ')}). Nothing was restored.`);
  // The kinds were taken from the models' rawAttributes when the backup was made; Sequelize's
  // escaping then writes dates, booleans and JSON text the way the target dialect stores them.
  const kinds = expected.columns;
  const selfRefs = await selfReferences(db, table, transaction);
  const deferred: { id: unknown; column: string; value: unknown }[] = [];

  let batch: Row[] = [];
  let batchBytes = 0;
  let rows = 0;
  const flush = async () => {
    try {
      if (batch.length) await db.sequelize.getQueryInterface().bulkInsert(table, batch, { transaction });
    } catch (err) {
      // A constraint the rows break (a damaged or hand-edited backup): name the table, roll back.
      throw new BackupError(`The backup's ${table} rows ${rows - batch.length + 1}-${rows} could not be inserted (${(err as Error).message}). Nothing was restored.`);
    }
    batch = [];
    batchBytes = 0;
  };
  for await (const line of readLines(file)) {
    if (!line) continue;
    const row = decodeRow(table, rows + 1, line, kinds);
    for (const column of selfRefs) {
      const value = row[column];
      if (value !== null && value !== undefined && typeof row.id === 'number' && Number(value) >= row.id) {
        deferred.push({ id: row.id, column, value });
        row[column] = null;
      }
    }
    batch.push(row);
    batchBytes += line.length;
    rows += 1;
    if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
      await flush();
      onRows(rows);
    }
  }
  await flush();
  for (const ref of deferred) {
    try {
      await db.sequelize.query(`UPDATE ${quote(db, table)} SET ${quote(db, ref.column)} = :value WHERE ${quote(db, 'id')} = :id`, { replacements: ref, transaction });
    } catch (err) {
      throw new BackupError(`The backup's ${table} row ${String(ref.id)} refers to a missing row through ${ref.column} (${(err as Error).message}). Nothing was restored.`);
    }
  }
  if (rows !== expected.rows) throw new BackupError(`The backup is damaged: ${tableEntry(table)} holds ${formatCount(rows)} rows but its manifest says ${formatCount(expected.rows)}. Nothing was restored.`);
  return rows;
}

/** The file's lines; the for-await pulls the file chunk by chunk, only as fast as rows are inserted. */
async function* readLines(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8' })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  if (rest) yield rest;
}

function decodeRow(table: string, lineNumber: number, line: string, kinds: Record<string, ColumnKind>): Row {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BackupError(`The backup is damaged: line ${lineNumber} of ${tableEntry(table)} is not JSON. Nothing was restored.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BackupError(`The backup is damaged: line ${lineNumber} of ${tableEntry(table)} is not a row. Nothing was restored.`);
  const row: Row = {};
  for (const [column, value] of Object.entries(parsed as Row)) {
    const kind = kinds[column];
    if (!kind) throw new BackupError(`The backup is damaged: line ${lineNumber} of ${tableEntry(table)} has a column its manifest does not list (${column}). Nothing was restored.`);
    try {
      row[column] = decodeValue(kind, value);
    } catch (err) {
      throw new BackupError(`The backup is damaged: ${table}.${column} on line ${lineNumber}: ${(err as Error).message}. Nothing was restored.`);
    }
  }
  return row;
}

/** Inserts every table of the backup, parents first; returns the row count per table. */
export async function insertTables(
  db: Database,
  tables: Record<string, TableManifest>,
  tableFile: (table: string) => string,
  transaction: Transaction,
  progress: { onProgress: ProgressReporter; totalSteps: number },
): Promise<Record<string, number>> {
  const unknown = Object.keys(tables).filter((t) => !(TABLES_IN_DEPENDENCY_ORDER as readonly string[]).includes(t));
  if (unknown.length) throw new BackupError(`This backup was made by a newer livechat: it has tables this version does not know (${unknown.join(', ')}). Upgrade livechat, then restore.`);
  const ordered = TABLES_IN_DEPENDENCY_ORDER.filter((t) => t in tables);
  const counts: Record<string, number> = {};
  for (const [index, table] of ordered.entries()) {
    const label = `[${index + 1}/${progress.totalSteps}] ${table}`;
    let lastReported = 0;
    counts[table] = await insertTable(db, table, tableFile(table), tables[table], transaction, (rows) => {
      if (rows - lastReported >= 100_000) {
        progress.onProgress(`${label}: ${formatCount(rows)} rows so far`);
        lastReported = rows;
      }
    });
    progress.onProgress(`${label}: ${countOf(counts[table], 'row')}`);
  }
  return counts;
}
