import crypto from 'node:crypto';
import { withUnitOfWork } from '../domain/unitOfWork.js';
import fs from 'node:fs';
import { configSchema } from '../config/schema.js';
import { formatIssues } from '../formatIssues.js';
import { defaults, merge, readJsonFile, writeConfigFile, ConfigError, loadConfig } from '../config/load.js';
import { dataPaths } from '../paths.js';
import { openDatabase } from '../db/index.js';
import { describeMigrationProgress } from '../db/migrator.js';
import { createAgent } from '../domain/agents/createAgent.js';
import { generatePassword } from '../domain/auth/passwords.js';
import { ensureSecrets } from './secrets.js';
import { provisionMysql, type MysqlAccount } from './provisionMysql.js';
import { writeSystemdUnit } from './systemdUnit.js';
import { findMysqlSocket } from './mysqlSocket.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';

export type DatabaseChoice =
  | { dialect: 'sqlite' }
  | {
      dialect: 'mysql';
      account: MysqlAccount;
      database: string;
      provision: boolean;
      appUser: string;
      appPassword?: string;
      /** How livechat reaches the server: over this Unix socket, 'auto' (the server's own, when it is on this host), or TCP (omitted). */
      socket?: string;
    };

export interface InstallInput {
  dataDir: string;
  /** Omitted on a re-run: the database already configured is kept. */
  database?: DatabaseChoice;
  publicUrl?: string;
  port?: number;
  admin: { email?: string; password?: string; name?: string };
  systemd?: boolean;
  /** The mail server (smtp.url) and sender; omitted: kept as configured (none on a first install). */
  smtp?: { url: string; from?: string };
  progress?: (line: string) => void;
}

export interface InstallResult {
  dataDir: string;
  configFile: string;
  dialect: 'sqlite' | 'mysql';
  publicUrl: string;
  migrationsApplied: string[];
  admin: { email: string; created: boolean; password?: string } | null;
  secretsCreated: string[];
  systemdUnit?: string;
}

const DEFAULT_ADMIN_EMAIL = 'admin@example.com';

function databaseLayer(choice: DatabaseChoice | undefined, existing: Record<string, any>, socket: string | null) {
  if (!choice) return existing.database ?? { dialect: 'sqlite', storage: 'livechat.sqlite' };
  if (choice.dialect === 'sqlite') return { dialect: 'sqlite', storage: existing.database?.storage ?? 'livechat.sqlite', url: null };
  if (!choice.provision) {
    const a = choice.account;
    return { dialect: 'mysql', url: null, host: a.host, port: a.port, socket, user: a.user, password: a.password, name: choice.database };
  }
  const reuse = existing.database?.dialect === 'mysql' && existing.database?.user === choice.appUser ? existing.database.password : undefined;
  const password = choice.appPassword ?? reuse ?? crypto.randomBytes(18).toString('base64url');
  return { dialect: 'mysql', url: null, host: choice.account.host, port: choice.account.port, socket, user: choice.appUser, password, name: choice.database };
}

/**
 * Installs or re-installs into a data folder: database (provisioned on MySQL), config file with
 * secrets, migrations, the first super admin, optionally a systemd unit. Re-running keeps every
 * row, every secret and every existing account.
 */
export async function runInstall(input: InstallInput): Promise<InstallResult> {
  const progress = input.progress ?? (() => {});
  const paths = dataPaths(input.dataDir);
  fs.mkdirSync(input.dataDir, { recursive: true, mode: 0o700 });
  const existing = readJsonFile(paths.configFile) as Record<string, any>;
  if (Object.keys(existing).length > 0) progress(`Found ${paths.configFile}: keeping its settings and secrets`);

  const choice = input.database;
  const socket = choice?.dialect === 'mysql' && choice.socket ? (choice.socket === 'auto' ? await findMysqlSocket(choice.account, progress) : choice.socket) : null;
  const database = databaseLayer(choice, existing, socket);
  if (input.database?.dialect === 'mysql' && input.database.provision) {
    await provisionMysql(
      { admin: input.database.account, database: database.name, appUser: database.user, appPassword: database.password },
      progress,
    );
  }
  const { secrets, vapid, created } = ensureSecrets(existing);
  const port = input.port ?? existing.server?.port ?? 3000;
  const publicUrl = input.publicUrl ?? existing.publicUrl ?? `http://localhost:${port}`;
  const smtp = input.smtp ? { ...(existing.smtp ?? {}), url: input.smtp.url, ...(input.smtp.from ? { from: input.smtp.from } : {}) } : existing.smtp;
  const layer = merge(existing, { publicUrl, server: { ...(existing.server ?? {}), port }, database, secrets, vapid, ...(smtp ? { smtp } : {}) });

  const check = configSchema.safeParse({ ...merge(defaults(), layer), dataDir: input.dataDir });
  if (!check.success) throw new ConfigError(formatIssues(check.error.issues), 'the install answers');
  writeConfigFile(input.dataDir, layer);
  progress(`Wrote ${paths.configFile}${created.length ? ` (generated ${created.join(', ')})` : ''}`);
  for (const dir of [paths.storage, paths.backups]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  const config = loadConfig({ flags: { dataDir: input.dataDir }, env: {} });
  const db = openDatabase(config, { onMigrationProgress: (p) => progress(describeMigrationProgress(p, 'migrating:')) });
  try {
    await db.sequelize.authenticate();
    const migrationsApplied = await db.migrator.up();
    progress(migrationsApplied.length ? `Applied ${migrationsApplied.length} migration(s)` : 'Database schema is current');

    let admin: InstallResult['admin'] = null;
    const { User } = db.models;
    const wanted = input.admin.email?.trim().toLowerCase();
    const existingAdmin = wanted ? await User.findOne({ where: { email: wanted } }) : await User.findOne({ where: { role: 'super_admin', is_active: true } });
    if (existingAdmin) {
      admin = { email: existingAdmin.email, created: false };
      progress(`Account ${existingAdmin.email} already exists: left unchanged (reset its password with \`livechat agent passwd\`)`);
    } else {
      const password = input.admin.password ?? generatePassword();
      const email = wanted ?? DEFAULT_ADMIN_EMAIL;
      // No server runs yet, so there is nobody to tell of what the operation emits.
      const nobodyYet = { publishMany: async () => {} };
      await withUnitOfWork(unitOfWorkDeps(db, nobodyYet), { type: 'cli' }, (dctx) =>
        // A generated one-time password was printed for whoever installs: its owner replaces it at first sign-in.
        createAgent(dctx, { email, name: input.admin.name ?? 'Administrator', password, role: 'super_admin' }, { mustChangePassword: !input.admin.password }),
      );
      admin = { email, created: true, ...(input.admin.password ? {} : { password }) };
      progress(`Created super admin ${email}`);
    }
    const systemdUnit = input.systemd ? writeSystemdUnit(input.dataDir) : undefined;
    return { dataDir: input.dataDir, configFile: paths.configFile, dialect: config.database.dialect, publicUrl, migrationsApplied, admin, secretsCreated: created, systemdUnit };
  } finally {
    await db.close();
  }
}
