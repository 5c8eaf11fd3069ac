import path from 'node:path';
import type { Command } from 'commander';
import { globalOptions, outputFor, UserError } from '../context.js';
import { parsePort } from '../options.js';
import { resolveDataDir } from '../../config/load.js';
import { isSocketFile } from '../../install/socketFile.js';
import type { InstallInput, InstallResult, DatabaseChoice } from '../../install/runInstall.js';
import type { Output } from '../output.js';
import { detectLauncher } from '../launcher.js';
import { nextSteps } from '../nextSteps.js';

interface InstallFlags {
  nonInteractive?: boolean;
  db?: string;
  dbUrl?: string;
  dbHost?: string;
  dbPort?: string;
  dbUser?: string;
  dbPassword?: string;
  dbName?: string;
  dbSocket?: string;
  appDbUser: string;
  provision: boolean;
  adminEmail?: string;
  adminPassword?: string;
  adminName?: string;
  publicUrl?: string;
  port?: string;
  systemd?: boolean;
  smtpUrl?: string;
  smtpFrom?: string;
}

/** The MySQL account and database named by --db-url or the --db-host/port/user/password/name flags. */
function mysqlChoice(f: InstallFlags): DatabaseChoice {
  let account = { host: f.dbHost ?? '127.0.0.1', port: parsePort(f.dbPort, '--db-port') ?? 3306, user: f.dbUser ?? 'root', password: f.dbPassword ?? '' };
  let database = f.dbName ?? 'livechat';
  if (f.dbUrl) {
    let url: URL;
    try {
      url = new URL(f.dbUrl);
    } catch {
      throw new UserError(`--db-url is not a URL: expected mysql://user:password@host:3306/database.`);
    }
    if (!/^(mysql|mariadb):$/.test(url.protocol)) throw new UserError('--db-url must start with mysql:// or mariadb://.');
    account = { host: url.hostname, port: url.port ? Number(url.port) : 3306, user: decodeURIComponent(url.username) || 'root', password: decodeURIComponent(url.password) };
    database = f.dbName ?? (url.pathname.replace(/^\//, '') || 'livechat');
  }
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new UserError(`The database name "${database}" may hold only letters, digits and _.`);
  if (!/^[A-Za-z0-9_]{1,32}$/.test(f.appDbUser)) throw new UserError(`--app-db-user "${f.appDbUser}" may hold only letters, digits and _ (at most 32).`);
  const socket = f.dbSocket;
  if (socket && socket !== 'auto') {
    if (!path.isAbsolute(socket)) throw new UserError(`--db-socket is auto or the absolute path of MySQL's Unix socket, not "${socket}".`);
    if (!isSocketFile(socket)) throw new UserError(`--db-socket ${socket}: no Unix socket there. Ask MySQL where it listens (SELECT @@socket), or use --db-socket auto.`);
  }
  return { dialect: 'mysql', account, database, provision: f.provision, appUser: f.appDbUser, ...(socket ? { socket } : {}) };
}

async function askMissing(f: InstallFlags, hasConfig: boolean): Promise<InstallFlags> {
  const { input, select, password } = await import('@inquirer/prompts');
  const answers = { ...f };
  if (!answers.db && !hasConfig) {
    answers.db = await select({ message: 'Database', choices: [{ name: 'SQLite (embedded, zero set-up)', value: 'sqlite' }, { name: 'MySQL / MariaDB (production)', value: 'mysql' }] });
  }
  if (answers.db === 'mysql' && !answers.dbUrl && !answers.dbHost) {
    answers.dbHost = await input({ message: 'MySQL host', default: '127.0.0.1' });
    answers.dbPort = await input({ message: 'MySQL port', default: '3306' });
    answers.dbUser = await input({ message: answers.provision ? 'Administrative MySQL user (used once, not stored)' : 'MySQL user', default: 'root' });
    answers.dbPassword = await password({ message: 'Its password' });
    answers.dbName = await input({ message: 'Database name', default: 'livechat' });
  }
  answers.port ??= await input({ message: 'Port to listen on', default: '3000' });
  answers.publicUrl ??= await input({ message: 'Public URL (what browsers use)', default: `http://localhost:${answers.port}` });
  if (!hasConfig) {
    answers.adminEmail ??= await input({ message: 'Super admin e-mail', default: 'admin@example.com' });
    answers.adminPassword ??= (await password({ message: 'Super admin password (blank: generate one)' })) || undefined;
  }
  if (answers.smtpUrl === undefined && !hasConfig) {
    // Optional: without it chat works, but offline messages and replies by e-mail do not go out.
    answers.smtpUrl = (await input({ message: 'SMTP server for e-mail, e.g. smtp://user:password@mail.example.com:587 (blank: none for now; add it later with smtp.url)' })).trim() || undefined;
    if (answers.smtpUrl) answers.smtpFrom ??= (await input({ message: 'Sender address (From)', default: 'livechat <livechat@localhost>' })).trim() || undefined;
  }
  return answers;
}

/** The install's outcome and what to do next; `starting`: printed by `livechat start`, which serves right after. */
export function printInstallResult(out: Output, r: InstallResult, options: { starting?: boolean } = {}) {
  out.result(r, () => {
    out.line(`livechat is installed in ${r.dataDir}`);
    out.line(`  Database:    ${r.dialect}`);
    out.line(`  Config file: ${r.configFile}`);
    if (r.admin?.password) out.line(`  Super admin: ${r.admin.email}  one-time password: ${r.admin.password}  (shown only now: sign in and change it)`);
    else if (r.admin) out.line(`  Super admin: ${r.admin.email}${r.admin.created ? '' : ' (existing account, unchanged)'}`);
    out.line('');
    out.line('Next steps:');
    const steps = nextSteps({ dataDir: r.dataDir, publicUrl: r.publicUrl, cwd: process.cwd(), launcher: detectLauncher(), starting: Boolean(options.starting), systemdUnit: r.systemdUnit });
    for (const step of steps) out.line(`  ${step.what}:\n    ${step.command}`);
    if (options.starting) out.line(`  Then sign in at ${r.publicUrl} as ${r.admin?.email ?? 'the super admin'}.`);
  });
}

/** `livechat install`: interactive, or --non-interactive with flags. */
export function register(program: Command): void {
  program
    .command('install')
    .description('set up livechat in the data folder: database, config, secrets, migrations, first super admin')
    .option('--non-interactive', 'ask nothing; take every answer from flags or defaults')
    .option('--db <dialect>', 'sqlite (embedded default) or mysql')
    .option('--db-url <url>', 'mysql://user:password@host:3306/database (an administrative account unless --no-provision)')
    .option('--db-host <host>', 'MySQL host (instead of --db-url)')
    .option('--db-port <port>', 'MySQL port')
    .option('--db-user <user>', 'MySQL user (administrative unless --no-provision)')
    .option('--db-password <password>', 'MySQL password')
    .option('--db-name <name>', 'database name', undefined)
    .option('--db-socket <path>', "livechat reaches MySQL over this Unix socket, or auto: the server's own when it runs on this host (less CPU per query than TCP)")
    .option('--app-db-user <user>', 'name of the dedicated least-privilege MySQL user to create', 'livechat')
    .option('--no-provision', 'the MySQL account given is livechat\'s own: create no database or user, store it as is')
    .option('--admin-email <email>', 'e-mail of the first super admin')
    .option('--admin-password <password>', 'its password (default: generate and print a one-time password)')
    .option('--admin-name <name>', 'its name')
    .option('--public-url <url>', 'the URL browsers reach livechat at, e.g. https://chat.example.com')
    .option('--port <port>', 'port to listen on (default 3000)')
    .option('--smtp-url <url>', 'the mail server for offline messages, replies and alerts: smtp://user:password@host:587 (smtps:// for implicit TLS)')
    .option('--smtp-from <address>', 'the sender address of those e-mails')
    .option('--systemd', 'also write a systemd unit into the data folder and say how to enable it')
    .action(async (flags: InstallFlags, cmd: Command) => {
      const out = outputFor(cmd);
      const dataDir = resolveDataDir({ flags: { dataDir: globalOptions(cmd).dataDir } });
      const { configFileExists } = await import('../../config/load.js');
      const hasConfig = configFileExists(dataDir);
      const interactive = !flags.nonInteractive && !out.json && process.stdin.isTTY === true;
      const f = interactive ? await askMissing(flags, hasConfig) : flags;
      if (f.db && f.db !== 'sqlite' && f.db !== 'mysql') throw new UserError(`--db must be sqlite or mysql, not "${f.db}".`);
      const dialect = f.db ?? (f.dbUrl || f.dbHost ? 'mysql' : undefined);
      const input: InstallInput = {
        dataDir,
        database: dialect === 'mysql' ? mysqlChoice(f) : dialect === 'sqlite' || !hasConfig ? { dialect: 'sqlite' } : undefined,
        publicUrl: f.publicUrl,
        port: parsePort(f.port, '--port'),
        admin: { email: f.adminEmail, password: f.adminPassword, name: f.adminName },
        systemd: f.systemd,
        smtp: f.smtpUrl ? { url: f.smtpUrl, from: f.smtpFrom } : undefined,
        progress: (line) => out.progress(line),
      };
      const { runInstall } = await import('../../install/runInstall.js');
      const result = await runInstall(input).catch((err: Error & { code?: string }) => {
        if (err.code === 'ER_ACCESS_DENIED_ERROR' || err.code === 'ECONNREFUSED' || err.code === 'ER_DBACCESS_DENIED_ERROR' || err.code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR') {
          throw new UserError(`MySQL refused: ${err.message}. Check the host, port, user and password; to provision, the account needs CREATE and CREATE USER (or use --no-provision with livechat's own account).`);
        }
        throw err;
      });
      printInstallResult(out, result);
    });
}
