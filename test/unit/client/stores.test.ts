import { expect } from 'chai';
import { useNotifications } from '../../../client/src/stores/notifications.js';
import { useLiveVisitors } from '../../../client/src/stores/visitors.js';
import { useAgents } from '../../../client/src/stores/agents.js';
import { useSession } from '../../../client/src/stores/session.js';
import { heldFetch, signedInAs } from './fixtures.js';

const notification = (id: number) => ({ id, type: 'chat_waiting', data: { chatId: id }, createdAt: '2026-01-01T10:00:00.000Z' });
const visitor = (visitorId: number) => ({ visitorId, clientId: 1, clientName: 'Shop', name: null, currentPage: '/', pagesViewed: 1 }) as ReturnType<typeof useLiveVisitors>['list'][number];

describe('dashboard stores: notifications, live visitors, agents, session', () => {
  beforeEach(() => signedInAs(7));

  it('notifications: a live one goes on top and counts once, however often it arrives; the bell keeps 100', () => {
    const bell = useNotifications();
    bell.received(notification(1));
    bell.received(notification(2));
    bell.received(notification(1));
    expect(bell.items.map((n) => n.id)).to.deep.equal([2, 1]);
    expect(bell.unread).to.equal(2);
    for (let id = 3; id <= 120; id++) bell.received(notification(id));
    expect(bell.items).to.have.length(100);
    expect(bell.items[0]!.id).to.equal(120);
  });

  it('live visitors: a page view moves a listed visitor; leaving removes them; unknown ones before the page loaded change nothing', () => {
    const visitors = useLiveVisitors();
    visitors.page(5, '/x');
    visitors.presence(5, true);
    expect(visitors.list).to.deep.equal([]);
    visitors.list.push(visitor(5), visitor(6));
    visitors.page(5, '/pricing');
    expect(visitors.list[0]).to.include({ currentPage: '/pricing', pagesViewed: 2 });
    visitors.presence(6, false);
    expect(visitors.list.map((v) => v.visitorId)).to.deep.equal([5]);
  });

  it('live visitors: a visitor the loaded page does not list yet makes it load again', async () => {
    const held = heldFetch();
    try {
      const visitors = useLiveVisitors();
      const loading = visitors.load();
      held.waiting[0]!.answer({ visitors: [visitor(5)] });
      await loading;
      visitors.presence(9, true);
      expect(held.waiting.map((w) => w.path)).to.deep.equal(['/api/visitors/online', '/api/visitors/online']);
    } finally {
      held.restore();
    }
  });

  it('agents: a status event is kept live', () => {
    const agents = useAgents();
    agents.setStatus(8, 'away');
    expect(agents.statuses.get(8)).to.equal('away');
  });

  it('session: ended() signs out locally (the server already ended the sign-in)', () => {
    const session = useSession();
    expect(session.profile?.id).to.equal(7);
    session.ended();
    expect(session.profile).to.equal(null);
    expect(session.canWrite).to.equal(false);
  });
});
