import type { ModelStatic, Model } from 'sequelize';

/**
 * How a column's values are written in the NDJSON files. Drivers disagree (SQLite returns dates as
 * text and booleans as 0/1, MariaDB returns Date objects and may or may not parse JSON), so every
 * value is normalised to one dialect-neutral form per kind:
 *   date -> ISO 8601 UTC string, dateonly -> "YYYY-MM-DD", boolean -> true/false,
 *   json -> the JSON value itself, integer -> number, text -> string, raw -> as the driver gave it.
 */
export type ColumnKind = 'date' | 'dateonly' | 'boolean' | 'json' | 'integer' | 'text' | 'raw';

const KIND_BY_SEQUELIZE_TYPE: Record<string, ColumnKind> = {
  DATE: 'date',
  DATEONLY: 'dateonly',
  BOOLEAN: 'boolean',
  JSON: 'json',
  JSONB: 'json',
  INTEGER: 'integer',
  SMALLINT: 'integer',
  MEDIUMINT: 'integer',
  TINYINT: 'integer',
  STRING: 'text',
  TEXT: 'text',
  CHAR: 'text',
  CITEXT: 'text',
  UUID: 'text',
  ENUM: 'text',
};

/** The kind the model declares for a column (its rawAttributes are the source of truth for types). */
export function kindFromModel(model: ModelStatic<Model>, column: string): ColumnKind | undefined {
  const attribute = Object.values(model.rawAttributes).find((a) => (a.field ?? '') === column);
  const key = (attribute?.type as { key?: string } | undefined)?.key;
  return key ? (KIND_BY_SEQUELIZE_TYPE[key] ?? 'raw') : undefined;
}

/**
 * For a column the models do not declare (a database a migration ahead of or behind this code),
 * a best guess from the SQL type, so its dates and booleans still travel across dialects.
 */
export function kindFromSqlType(sqlType: string): ColumnKind {
  const type = sqlType.toUpperCase();
  if (/^(DATETIME|TIMESTAMP)/.test(type)) return 'date';
  if (type === 'DATE') return 'dateonly';
  if (type === 'BOOLEAN' || type === 'TINYINT(1)') return 'boolean';
  if (type === 'JSON') return 'json';
  if (/^(INT|INTEGER|SMALLINT|MEDIUMINT|TINYINT)\b/.test(type)) return 'integer';
  if (/^(VARCHAR|CHAR|TEXT|TINYTEXT|MEDIUMTEXT|LONGTEXT)\b/.test(type)) return 'text';
  return 'raw';
}

/** The model that owns a table, if this version of livechat has one. */
export function modelForTable(models: Record<string, ModelStatic<Model>>, table: string): ModelStatic<Model> | undefined {
  return Object.values(models).find((m) => m.getTableName() === table);
}

/**
 * describeTable passes its options on to the query, transaction included, but its typings omit
 * `transaction`; inside a snapshot or restore transaction the schema must be read there too.
 */
export const inTransaction = (transaction: unknown) => ({ transaction }) as { schema?: string };
