import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { installFixture } from '../helpers/install.js';

describe('the embedded SQLite database', () => {
  it('runs in WAL mode with a busy timeout, full sync and foreign keys on every connection', async () => {
    const install = await installFixture('sqlite');
    const db = install.open();
    try {
      const pragma = async (name: string) => Object.values((await db.sequelize.query<object>(`PRAGMA ${name}`, { type: QueryTypes.SELECT }))[0])[0];
      expect(await pragma('journal_mode')).to.equal('wal');
      expect(await pragma('busy_timeout')).to.equal(install.config.database.queryTimeoutMs, 'database.queryTimeoutMs bounds a wait for the write lock');
      expect(await pragma('synchronous')).to.equal(2);
      expect(await pragma('foreign_keys')).to.equal(1);
    } finally {
      await db.close();
    }
  });
});
