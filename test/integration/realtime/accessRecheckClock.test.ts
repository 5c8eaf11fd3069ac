import { expect } from 'chai';
import { withDatabase } from '../../helpers/scene.js';
import { manualClock } from '../../helpers/manualClock.js';
import { waitFor } from '../../helpers/wait.js';
import { createAccessGuard } from '../../../lib/realtime/accessGuard.js';
import { createHub } from '../../../lib/realtime/hub.js';
import { closeCodes } from '../../../lib/protocol/frames.js';
import type { Connection } from '../../../lib/realtime/connection.js';
import type { RealtimeDeps } from '../../../lib/realtime/types.js';

/**
 * The access guard's periodic re-check on a clock the test moves (real SQLite, real hub): a
 * website disabled without any event reaching this node (a CLI change on a node without Redis)
 * closes its visitors' connections within one period, and not before their slice comes round.
 */
describe('the periodic access re-check on a moved clock', () => {
  const scene = withDatabase('sqlite');

  it('closes the connections of a website disabled behind its back within one period', async () => {
    const { db, f } = scene;
    const site = await f.client();
    const other = await f.client();
    const hub = createHub();
    const closed: { id: string; code: number }[] = [];
    const visitor = (id: string, clientId: number): Connection => ({
      id,
      identity: { kind: 'visitor', visitorId: 1, clientId },
      channels: new Set(),
      ip: null,
      send: () => {},
      close: (code) => void closed.push({ id, code: code! }),
    });
    hub.add(visitor('v-site', site.id));
    hub.add(visitor('v-other', other.id));
    const clock = manualClock();
    const errors: unknown[] = [];
    const deps = { hub, db, clock, logger: { error: (e: unknown) => errors.push(e) }, databaseWatch: { report: (err: unknown) => errors.push(err) } } as unknown as RealtimeDeps;
    const guard = createAccessGuard(deps, { periodMs: 60_000 });
    try {
      await db.models.Client.update({ is_active: false }, { where: { id: site.id } });
      // Slices of 6 s: nothing has been re-checked yet a millisecond before the first one.
      await clock.advance(5_999);
      expect(closed).to.deep.equal([]);
      await clock.advance(60_000);
      await waitFor('the disabled website\'s visitor to be closed', () => closed.length > 0);
      expect(closed).to.deep.equal([{ id: 'v-site', code: closeCodes.websiteDisabled }]);
      expect(errors).to.deep.equal([]);
    } finally {
      guard.close();
    }
    expect(clock.pending(), 'closing the guard stops its timer').to.equal(0);
  });
});
