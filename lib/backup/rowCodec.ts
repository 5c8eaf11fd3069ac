import type { ColumnKind } from './columnKinds.js';

/**
 * Converts values between what a database driver returns, the dialect-neutral NDJSON form
 * (see columnKinds.ts) and what Sequelize's escaping writes correctly on either dialect.
 * Throws a plain Error naming the problem; callers add the table, column and row.
 */

// SQLite stores Sequelize dates as "2026-11-25 01:59:00.123 +00:00"; a missing zone means UTC,
// which is the timezone livechat runs Sequelize with on both dialects.
const SQL_DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function dateFromDriver(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    const m = SQL_DATE.exec(value.trim());
    if (m) {
      const zone = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
      return new Date(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
    }
  }
  return new Date(NaN);
}

/** Driver value -> the NDJSON value. */
export function encodeValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'date': {
      const date = dateFromDriver(value);
      if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${JSON.stringify(value)}`);
      return date.toISOString();
    }
    case 'dateonly': {
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
      throw new Error(`not a date: ${JSON.stringify(value)}`);
    }
    case 'boolean': {
      if (value === true || value === 1 || value === '1' || value === 'true') return true;
      if (value === false || value === 0 || value === '0' || value === 'false') return false;
      throw new Error(`not a boolean: ${JSON.stringify(value)}`);
    }
    case 'json':
      if (Buffer.isBuffer(value)) return JSON.parse(value.toString('utf8'));
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'integer':
      if (typeof value === 'number') return value;
      // BIGINT-sized values arrive as strings (supportBigNumbers); keep them exact as strings.
      return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
    case 'text':
      return Buffer.isBuffer(value) ? value.toString('utf8') : value;
    case 'raw':
      if (value instanceof Date) return value.toISOString();
      return Buffer.isBuffer(value) ? value.toString('utf8') : value;
  }
}

/** NDJSON value -> a value Sequelize's escape() writes right on the target dialect. */
export function decodeValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'date': {
      const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
      if (Number.isNaN(date.getTime())) throw new Error(`not an ISO date: ${JSON.stringify(value)}`);
      return date;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new Error(`not a boolean: ${JSON.stringify(value)}`);
      return value;
    case 'json':
      // Written as JSON text: MariaDB's JSON is a checked LONGTEXT and SQLite's is TEXT.
      return JSON.stringify(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : value;
  }
}
