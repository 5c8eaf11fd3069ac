import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { spawnCli, runCli, freePort } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { signedIn } from '../helpers/http.js';
import { installFixture } from '../helpers/install.js';
import { sqliteFile } from '../../lib/db/connection.js';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/**
 * The data folder holds every chat: its files are for livechat's user alone, even when the folder
 * already existed with a wide mode (made by hand or by a package), where SQLite would create its
 * database and -wal 0644. A real `livechat start`, as sysadmins run it.
 */
describe('file modes in the data folder', () => {
  it('makes the SQLite file, its -wal and -shm, the config and the pid file 0600 in an existing 0755 data folder, and doctor finds nothing to flag', async function () {
    this.timeout(90_000);
    const dataDir = tmpDataDir();
    fs.chmodSync(dataDir, 0o755);
    const port = await freePort();
    const server = spawnCli(['start', '--port', String(port)], { dataDir, env: { LIVECHAT_LOG_LEVEL: 'warn' } });
    try {
      await server.waitFor(/is running/);
      const password = server.output().stdout.match(/one-time password: (\S+)/)?.[1];
      // A sign-in writes (a session row): the -wal and -shm exist from the first connection on.
      await signedIn(`http://127.0.0.1:${port}`, 'admin@example.com', password!);
      const sqlite = path.join(dataDir, 'livechat.sqlite');
      const files = [sqlite, `${sqlite}-wal`, `${sqlite}-shm`, path.join(dataDir, 'livechat.json'), path.join(dataDir, 'livechat.pid')];
      expect(Object.fromEntries(files.map((f) => [path.basename(f), modeOf(f)]))).to.deep.equal(Object.fromEntries(files.map((f) => [path.basename(f), '600'])));

      const doctor = await runCli(['doctor', '--json'], { dataDir });
      const storage = doctor.json().checks.find((c: { id: string }) => c.id === 'storage');
      expect(storage.status, JSON.stringify(storage)).to.equal('pass');
      expect(storage.message).to.contain('no file readable by other users');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('narrows a database and -wal left 0644 by an older version when livechat opens them', async () => {
    const install = await installFixture('sqlite');
    const sqlite = sqliteFile(install.config.database, install.dataDir);
    fs.chmodSync(sqlite, 0o644);
    if (fs.existsSync(`${sqlite}-wal`)) fs.chmodSync(`${sqlite}-wal`, 0o644);
    const db = install.open();
    try {
      await db.models.User.count();
      expect([modeOf(sqlite), modeOf(`${sqlite}-wal`), modeOf(`${sqlite}-shm`)]).to.deep.equal(['600', '600', '600']);
    } finally {
      await db.close();
      await install.cleanup();
    }
  });
});
