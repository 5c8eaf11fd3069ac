import mysql from 'mysql2/promise';
import type { MysqlAccount } from './provisionMysql.js';
import { isSocketFile } from './socketFile.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `--db-socket auto`: the Unix socket of the MySQL/MariaDB that the account reaches, when that
 * server runs on this host and its socket file is here. A query costs the client less CPU over the
 * socket than over TCP on 127.0.0.1. Null (stay on TCP) otherwise, with the reason in progress.
 */
export async function findMysqlSocket(account: MysqlAccount, progress: (line: string) => void): Promise<string | null> {
  if (!LOOPBACK.has(account.host)) {
    progress(`MySQL is on ${account.host}, not this host: connecting over TCP`);
    return null;
  }
  const conn = await mysql.createConnection(account);
  try {
    const [rows] = await conn.query('SELECT @@socket AS socket');
    const socket = (rows as { socket: string | null }[])[0]?.socket ?? null;
    if (socket && isSocketFile(socket)) {
      progress(`Connecting to MySQL over its Unix socket ${socket}`);
      return socket;
    }
    progress(`MySQL reports no Unix socket that this host can open${socket ? ` (${socket})` : ''}: connecting over TCP`);
    return null;
  } finally {
    await conn.end();
  }
}
