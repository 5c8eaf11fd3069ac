import fs from 'node:fs';
import { dataPaths } from '../paths.js';
import { UserError } from './context.js';

/** What a running server records about itself in <dataDir>/livechat.pid (written by `livechat start`). */
export interface PidInfo {
  pid: number;
  url: string;
  port: number;
  version: string;
  /** ISO 8601 time the server started listening. */
  startedAt: string;
}

/**
 * The pid file exists but does not hold what `livechat start` writes (hand-edited, truncated by a
 * full disk). A UserError, so a command that does not handle it still prints one clear line.
 */
export class InvalidPidFileError extends UserError {
  constructor(readonly file: string, reason: string) {
    super(`The pid file ${file} is not valid (${reason}). If no livechat is running from this data folder, remove it: rm ${file}`);
    this.name = 'InvalidPidFileError';
  }
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
export function writePidFile(dataDir: string, info: PidInfo): void {
  const file = dataPaths(dataDir).pidFile;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The recorded server, or null when there is no pid file. Throws InvalidPidFileError for a malformed one. */
export function readPidFile(dataDir: string): PidInfo | null {
  const file = dataPaths(dataDir).pidFile;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InvalidPidFileError(file, (err as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidPidFileError(file, 'not JSON');
  }
  const info = parsed as Partial<PidInfo> | null;
  if (!info || !Number.isInteger(info.pid) || (info.pid as number) <= 0) throw new InvalidPidFileError(file, 'no valid "pid"');
  return {
    pid: info.pid as number,
    url: typeof info.url === 'string' ? info.url : '',
    port: Number.isInteger(info.port) ? (info.port as number) : 0,
    version: typeof info.version === 'string' ? info.version : 'unknown',
    startedAt: typeof info.startedAt === 'string' ? info.startedAt : '',
  };
}

export function removePidFile(dataDir: string): void {
  fs.rmSync(dataPaths(dataDir).pidFile, { force: true });
}

/**
 * Whether the recorded process is alive. Signal 0 checks existence without touching the process;
 * EPERM means it exists but belongs to another user (a server started by systemd as `livechat`).
 * A pid reused by an unrelated process after a crash reads as running: the port check in
 * `livechat doctor` is what tells those apart.
 */
export function isRunning(info: Pick<PidInfo, 'pid'>): boolean {
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
