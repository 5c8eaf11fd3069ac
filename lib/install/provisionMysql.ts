import mysql from 'mysql2/promise';

export interface MysqlAccount {
  host: string;
  port: number;
  user: string;
  password: string;
}

interface ProvisionInput {
  admin: MysqlAccount;
  database: string;
  appUser: string;
  appPassword: string;
}

/**
 * The privileges livechat's own account needs on its database and nothing more: data access, plus
 * what migrations use to shape tables. No global privileges, no other databases.
 */
const APP_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, LOCK TABLES, CREATE TEMPORARY TABLES';

/**
 * With an administrative account: creates the database (utf8mb4) if missing and a dedicated user
 * limited to it. Safe to run again: the user is kept and its password set to the one given.
 */
export async function provisionMysql(input: ProvisionInput, progress: (line: string) => void = () => {}): Promise<void> {
  const conn = await mysql.createConnection({ ...input.admin, multipleStatements: false });
  try {
    progress(`Creating database ${input.database} (utf8mb4) if it does not exist`);
    await conn.query(`CREATE DATABASE IF NOT EXISTS ${conn.escapeId(input.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    for (const host of ['%', 'localhost']) {
      const account = `${conn.escape(input.appUser)}@${conn.escape(host)}`;
      progress(`Granting ${input.appUser}@${host} access to ${input.database} only`);
      await conn.query(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${conn.escape(input.appPassword)}`);
      await conn.query(`ALTER USER ${account} IDENTIFIED BY ${conn.escape(input.appPassword)}`);
      await conn.query(`GRANT ${APP_PRIVILEGES} ON ${conn.escapeId(input.database)}.* TO ${account}`);
    }
    await conn.query('FLUSH PRIVILEGES');
  } finally {
    await conn.end();
  }
}

/** Whether an account can create databases and users, i.e. whether install should provision. */
export async function canProvision(account: MysqlAccount): Promise<boolean> {
  const conn = await mysql.createConnection(account);
  try {
    const [rows] = await conn.query('SHOW GRANTS FOR CURRENT_USER()');
    const grants = (rows as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n');
    return /GRANT ALL PRIVILEGES ON \*\.\* .*WITH GRANT OPTION/i.test(grants) || (/CREATE USER/i.test(grants) && /ON \*\.\*/.test(grants));
  } finally {
    await conn.end();
  }
}
