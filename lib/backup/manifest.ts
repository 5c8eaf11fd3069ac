import { z } from 'zod';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION } from './format.js';
import { BackupError } from './errors.js';

const columnKind = z.enum(['date', 'dateonly', 'boolean', 'json', 'integer', 'text', 'raw']);

// Table and column names end up in file paths and SQL identifiers: plain names only.
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, 'must be a plain table or column name');

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.string(),
  appVersion: z.string(),
  dialect: z.enum(['sqlite', 'mysql']),
  /** Executed migrations of the source database, oldest first: the schema the rows fit. */
  migrations: z.array(z.string()),
  /** Per table: how many rows db/<table>.ndjson holds and how each column's values are encoded. */
  tables: z.record(identifier, z.object({ rows: z.number().int().min(0), columns: z.record(identifier, columnKind) })),
  /** Whether storage/ was included (false for `backup --no-files`). */
  files: z.boolean(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableManifest = Manifest['tables'][string];

export function buildManifest(fields: Omit<Manifest, 'format' | 'formatVersion'>): Manifest {
  return { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, ...fields };
}

/** Reads manifest.json, telling "not a livechat backup", "too new" and "damaged" apart. */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupError('This is not a livechat backup: its manifest.json is not valid JSON.');
  }
  const head = raw as { format?: unknown; formatVersion?: unknown } | null;
  if (!head || head.format !== BACKUP_FORMAT) throw new BackupError('This is not a livechat backup: its manifest.json does not name the livechat backup format.');
  if (typeof head.formatVersion === 'number' && head.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(`This backup was made by a newer livechat (backup format ${head.formatVersion}; this version reads format ${BACKUP_FORMAT_VERSION}). Upgrade livechat, then restore.`);
  }
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new BackupError(`The backup's manifest.json is damaged (${problems.slice(0, 3).join('; ')}).`);
  }
  return result.data;
}
