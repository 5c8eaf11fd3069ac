import crypto from 'node:crypto';
import mysql from 'mysql2/promise';
import { testEnv } from './env.js';

/**
 * A throw-away MariaDB database for one suite, made with the administrative URL the run was
 * given; `drop` removes it. Names are random so parallel runs never meet.
 */
export async function createMysqlDatabase(prefix = 'lc_test') {
  if (!testEnv.mysqlUrl) throw new Error('no MariaDB for this run: start one at 127.0.0.1:3306 or set LIVECHAT_TEST_MYSQL_URL');
  const admin = new URL(testEnv.mysqlUrl);
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const conn = await mysql.createConnection({ host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = await mysql.createConnection({ host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
