import { expect } from 'chai';
import { loadConfig } from '../../../lib/config/load.js';
import { openDatabase, type Database } from '../../../lib/db/index.js';
import { watchDatabase, type DatabaseWatch } from '../../../lib/db/watch.js';
import { createAccessGuard } from '../../../lib/realtime/accessGuard.js';
import { createHub } from '../../../lib/realtime/hub.js';
import type { Connection } from '../../../lib/realtime/connection.js';
import type { RealtimeDeps } from '../../../lib/realtime/types.js';
import type { Logger } from '../../../lib/logger.js';
import { freePort } from '../../helpers/cli.js';
import { tmpDataDir } from '../../helpers/tmp.js';
import { manualClock } from '../../helpers/manualClock.js';

/**
 * The access guard's re-checks during a database outage: a MariaDB address nothing listens on
 * (the driver's real ECONNREFUSED), the real database watch and hub.
 */
describe('access re-checks while the database does not answer', () => {
  let db: Database;
  let watch: DatabaseWatch;
  const lines: { level: string; msg: string }[] = [];
  const logger = {
    error: (_obj: unknown, msg: string) => lines.push({ level: 'error', msg }),
    warn: (_obj: unknown, msg: string) => lines.push({ level: 'warn', msg }),
    info: () => {},
  } as unknown as Logger;

  before(async () => {
    const port = await freePort();
    const config = loadConfig({ flags: { dataDir: tmpDataDir(), database: { dialect: 'mysql', url: `mysql://root@127.0.0.1:${port}/livechat`, connectTimeoutMs: 500 } }, env: {} });
    db = openDatabase(config);
    watch = watchDatabase(() => Promise.reject(new Error('still down')), logger, { intervalMs: 60_000, probeTimeoutMs: 100 });
  });
  after(async () => {
    watch.close();
    await db.close();
  });

  it('tells the database watch (one line for the outage), not one error line per failed re-check', async () => {
    const hub = createHub();
    const visitor: Connection = { id: 'v1', identity: { kind: 'visitor', visitorId: 1, clientId: 7 }, channels: new Set(), ip: null, send: () => {}, close: () => {} };
    hub.add(visitor);
    const deps = { hub, logger, db, databaseWatch: watch, clock: manualClock() } as unknown as RealtimeDeps;
    const guard = createAccessGuard(deps, { periodMs: 3_600_000 });
    try {
      for (let i = 0; i < 3; i++) await guard.accessChanged({ name: 'access.changed', scope: 'client', clientId: 7, reason: 'client.disabled' });
    } finally {
      guard.close();
    }
    expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).to.deep.equal(['the database is not answering: requests are answered `unavailable` until it is back']);
    expect(watch.isDown()).to.equal(true);
  });
});
