/**
 * The archive layout. It is a contract with every backup ever written: bump BACKUP_FORMAT_VERSION
 * for any change an older restore could misread, and keep reading the older versions.
 *
 *   manifest.json           what the backup holds (see manifest.ts)
 *   db/<table>.ndjson       one JSON object per row, values encoded per column kind (see rowCodec.ts)
 *   storage/...             the data folder's storage/ tree (uploaded files), unless --no-files
 */
export const BACKUP_FORMAT = 'livechat-backup';
export const BACKUP_FORMAT_VERSION = 1;

export const MANIFEST_ENTRY = 'manifest.json';
export const DB_FOLDER = 'db';
export const STORAGE_FOLDER = 'storage';

export const tableEntry = (table: string) => `${DB_FOLDER}/${table}.ndjson`;
