import { expect } from 'chai';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { manualClock, type ManualClock } from '../../helpers/manualClock.js';
import { waitFor } from '../../helpers/wait.js';
import { createPresence } from '../../../lib/realtime/presence.js';
import { createMemoryPresenceStore } from '../../../lib/realtime/presenceStore.js';
import { createInProcessBus } from '../../../lib/events/inProcessBus.js';
import type { Connection, Identity } from '../../../lib/realtime/connection.js';
import type { RealtimeDeps } from '../../../lib/realtime/types.js';
import type { Database } from '../../../lib/db/index.js';
import type { BusEvent } from '../../../lib/protocol/events.js';

/**
 * Presence's grace periods on a clock the test moves (real SQLite, real bus): minutes of grace
 * are tested without waiting for them, to the millisecond.
 */
describe('presence grace periods on a moved clock', () => {
  const GRACE_SECONDS = 120;
  let install: Installed;
  let db: Database;
  let clock: ManualClock;
  let events: BusEvent[];
  let presence: ReturnType<typeof createPresence>;
  const errors: unknown[] = [];

  beforeEach(async () => {
    install = await installFixture('sqlite');
    db = install.open();
    clock = manualClock();
    events = [];
    const bus = createInProcessBus((err) => errors.push(err));
    bus.subscribe((e) => void events.push(e));
    const deps = {
      config: { ...install.config, chat: { ...install.config.chat, agentOfflineGraceSeconds: GRACE_SECONDS, visitorOfflineGraceSeconds: GRACE_SECONDS } },
      db,
      bus,
      logger: { error: (obj: unknown) => errors.push(obj), warn: () => {}, info: () => {} },
      databaseWatch: { report: (err: unknown) => errors.push(err) },
      clock,
    } as unknown as RealtimeDeps;
    presence = createPresence(deps, createMemoryPresenceStore());
  });
  afterEach(async () => {
    presence.close();
    await db.close();
    await install.cleanup();
    expect(errors.splice(0)).to.deep.equal([]);
  });

  const conn = (identity: Identity, id: string): Connection => ({ id, identity, channels: new Set(), ip: null, send: () => {}, close: () => {} });
  const statusOf = async (userId: number) => (await db.models.User.findByPk(userId))!.status;

  it('takes an agent offline exactly when the grace after their last dashboard ends, not before', async () => {
    const f = factories(db);
    const ann = await f.user('agent', { status: 'offline' });
    const identity: Identity = { kind: 'agent', userId: ann.id, role: 'agent' };
    const [first, second] = [conn(identity, 'a1'), conn(identity, 'a2')];
    await presence.connected(first);
    await presence.connected(second);
    expect(await statusOf(ann.id)).to.equal('online');

    await presence.disconnected(first);
    expect(clock.pending(), 'a second dashboard is open: no grace starts').to.equal(0);
    await presence.disconnected(second);
    await clock.advance(GRACE_SECONDS * 1000 - 1);
    expect(clock.pending(), 'one ms before the grace ends, the offline still waits').to.equal(1);
    expect(await statusOf(ann.id)).to.equal('online');
    await clock.advance(1);
    // The timer fired; its write runs on the real database: wait for it, not for time.
    await waitFor('the offline status event', () => events.some((e) => e.name === 'agent.status' && e.agentId === ann.id && e.status === 'offline'));
    expect(await statusOf(ann.id)).to.equal('offline');
  });

  it('a visitor back within the grace (a page reload) is never reported offline', async () => {
    const f = factories(db);
    const site = await f.client();
    const visitor = await f.visitor(site.id);
    const identity: Identity = { kind: 'visitor', visitorId: visitor.id, clientId: site.id };
    await presence.connected(conn(identity, 'v1'));
    await presence.disconnected(conn(identity, 'v1'));
    await clock.advance(GRACE_SECONDS * 1000 - 1);
    await presence.connected(conn(identity, 'v2'));
    expect(clock.pending(), 'the pending offline was cancelled').to.equal(0);
    await clock.advance(GRACE_SECONDS * 1000 * 10);
    const offline = events.filter((e) => e.name === 'visitor.presence' && e.visitorId === visitor.id && !e.online);
    expect(offline, 'reload flickered offline').to.deep.equal([]);
  });

  it('stops its timers on close: nothing fires after shutdown', async () => {
    const f = factories(db);
    const ann = await f.user('agent', { status: 'offline' });
    const identity: Identity = { kind: 'agent', userId: ann.id, role: 'agent' };
    await presence.connected(conn(identity, 'a1'));
    await presence.disconnected(conn(identity, 'a1'));
    expect(clock.pending()).to.equal(1);
    presence.close();
    expect(clock.pending()).to.equal(0);
    await clock.advance(GRACE_SECONDS * 1000);
    expect(await statusOf(ann.id), 'the next node to see her decides').to.equal('online');
  });
});
