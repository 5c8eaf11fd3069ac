import type { Command } from 'commander';
import { contextFor, UserError, type CliContext } from '../context.js';

/** "3d 4h", "2h 5m", "12m", "40s": precise enough to see whether it restarted recently. */
function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${Math.floor(seconds)}s`;
}

interface ServerState {
  running: boolean;
  pid: number | null;
  url: string | null;
  port: number | null;
  version: string | null;
  startedAt: string | null;
  uptimeSeconds: number | null;
  /** Why a pid file was found but removed (a crash left it behind, or it was not valid). */
  removedPidFile: string | null;
}

/** What the pid file says, cleaned up: a pid file whose process is gone is removed, so the next start is clean. */
async function serverState(dataDir: string): Promise<ServerState> {
  const { readPidFile, removePidFile, isRunning, InvalidPidFileError } = await import('../pidFile.js');
  const none: ServerState = { running: false, pid: null, url: null, port: null, version: null, startedAt: null, uptimeSeconds: null, removedPidFile: null };
  let info;
  try {
    info = readPidFile(dataDir);
  } catch (err) {
    if (!(err instanceof InvalidPidFileError)) throw err;
    removePidFile(dataDir);
    return { ...none, removedPidFile: 'the pid file was not valid' };
  }
  if (!info) return none;
  if (!isRunning(info)) {
    removePidFile(dataDir);
    return { ...none, pid: info.pid, removedPidFile: `process ${info.pid} is not running (stale pid file)` };
  }
  const started = Date.parse(info.startedAt);
  return {
    running: true,
    pid: info.pid,
    url: info.url || null,
    port: info.port || null,
    version: info.version,
    startedAt: info.startedAt || null,
    uptimeSeconds: Number.isNaN(started) ? null : Math.max(0, Math.round((Date.now() - started) / 1000)),
    removedPidFile: null,
  };
}

async function databaseFigures(ctx: CliContext) {
  const { Op } = await import('sequelize');
  const { reachDatabase, DatabaseUnreachableError } = await import('../doctor/reachDatabase.js');
  let db;
  try {
    // Not openDatabase: it would create an empty SQLite file where the database is missing.
    db = await reachDatabase(ctx.config);
  } catch (err) {
    if (err instanceof DatabaseUnreachableError) throw new UserError(`${err.message}. Fix: ${err.fix}, or run \`livechat doctor\`.`);
    throw err;
  }
  try {
    const { pending } = await db.migrator.status();
    // The tables may not be what the models expect yet; counting could fail or mislead.
    if (pending.length > 0) return { dialect: db.dialect, pendingMigrations: pending.length, counts: null };
    const { Client, User, Chat } = db.models;
    const [activeClients, activeAgents, onlineAgents, openChats] = await Promise.all([
      Client.count({ where: { is_active: true } }),
      User.count({ where: { is_active: true } }),
      User.count({ where: { is_active: true, status: 'online' } }),
      Chat.count({ where: { status: { [Op.in]: ['waiting', 'active'] } } }),
    ]);
    return { dialect: db.dialect, pendingMigrations: 0, counts: { activeClients, activeAgents, onlineAgents, openChats } };
  } finally {
    await db.close();
  }
}

/** `livechat status`: whether the server runs (pid file), since when, and what it is serving (database). */
export function register(program: Command): void {
  program
    .command('status')
    .description('show whether livechat is running, its URL, version and uptime, and counts of clients, agents and open chats')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextFor(cmd);
      const server = await serverState(ctx.config.dataDir);
      const database = await databaseFigures(ctx);
      ctx.out.result({ ...server, dataDir: ctx.config.dataDir, database: { dialect: database.dialect, pendingMigrations: database.pendingMigrations }, counts: database.counts }, () => {
        const out = ctx.out;
        if (server.removedPidFile) out.warn(`removed the pid file: ${server.removedPidFile}`);
        if (server.running) {
          out.line(`livechat is running (pid ${server.pid}).`);
          out.line(`  URL:      ${server.url ?? 'unknown'}`);
          out.line(`  version:  ${server.version}`);
          out.line(`  uptime:   ${server.uptimeSeconds === null ? 'unknown' : formatUptime(server.uptimeSeconds)}${server.startedAt ? ` (since ${server.startedAt})` : ''}`);
        } else {
          out.line('livechat is not running.');
        }
        out.line(`  data:     ${ctx.config.dataDir} (${database.dialect} database)`);
        if (database.counts) {
          const c = database.counts;
          out.line(`  clients:  ${c.activeClients} active`);
          out.line(`  agents:   ${c.activeAgents} active, ${c.onlineAgents} online`);
          out.line(`  chats:    ${c.openChats} open (waiting or active)`);
        } else {
          out.line(`  schema:   ${database.pendingMigrations} migration(s) pending: run \`livechat migrate up\``);
        }
      });
    });
}
