import { expect } from 'chai';
import { Op } from 'sequelize';
import type { Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { startRedisCluster } from '../../helpers/cluster.js';
import { connectVisitor } from '../../helpers/visitors.js';
import { waitFor } from '../../helpers/wait.js';
import type { TestSocket } from '../../helpers/rtclient.js';

const VISITORS_PER_NODE = 6;
const AGENTS = 3;
const CAP = 2;

/**
 * Two `livechat start` processes on one MariaDB (and Redis) route the same website's chats at
 * once: each node decides for the chats started on it, and the database makes each decision once
 * (the agent's row locked, the chat taken by a conditional update). However the two interleave, no
 * chat rings two agents and no agent gets more chats than their cap; the rest wait in the queue.
 */
describe('chat routing across two server processes', function () {
  this.timeout(120_000);
  let install: Installed;
  let urls: string[] = [];
  let stop = async () => {};
  const sockets: TestSocket[] = [];

  before(async function () {
    ({ install, urls, stop } = await startRedisCluster(this, { chat: { widgetRequestsPerMinute: 1000 } }));
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await stop();
  });

  it('never gives a chat to two agents nor an agent more than their cap', async () => {
    const db = install.open();
    try {
      const f = factories(db);
      const client = await f.client({ routing_mode: 'least_busy' });
      const agents = [];
      for (let i = 0; i < AGENTS; i++) agents.push(await f.user('agent', { status: 'online', max_chats: CAP }, [client.id]));
      const visitors = await Promise.all(
        urls.flatMap((url) => Array.from({ length: VISITORS_PER_NODE }, () => connectVisitor(url, client.widget_key).then(({ socket }) => (sockets.push(socket), socket)))),
      );
      // Every visitor starts at once, half on each node.
      const started = await Promise.all(visitors.map((s) => s.request({ type: 'chat.start', message: 'Hello?' }, 20_000)));
      for (const s of started) expect(s.ok, JSON.stringify(s)).to.equal(true);
      const chatIds = started.map((s) => s.chat.id as number);

      const capacity = AGENTS * CAP;
      await waitFor(
        'every chat assigned or queued',
        async () => (await db.models.Chat.count({ where: { id: chatIds, [Op.or]: [{ assigned_agent_id: { [Op.ne]: null } }, { queued_at: { [Op.ne]: null } }] } })) === chatIds.length,
        30_000,
        100,
      );
      const chats = await db.models.Chat.findAll({ where: { id: chatIds } });
      const perAgent = new Map<number, number>();
      for (const c of chats) if (c.assigned_agent_id) perAgent.set(c.assigned_agent_id, (perAgent.get(c.assigned_agent_id) ?? 0) + 1);
      expect([...perAgent.values()].every((n) => n <= CAP), JSON.stringify([...perAgent])).to.equal(true);
      expect(chats.filter((c) => c.assigned_agent_id).length).to.equal(capacity);
      expect(chats.filter((c) => !c.assigned_agent_id && c.queued_at).length).to.equal(chatIds.length - capacity);

      // Each chat rang exactly the one agent it was given to.
      const rings = await db.models.Notification.findAll({ where: { type: 'chat_waiting', user_id: agents.map((a) => a.id) } });
      const rungFor = new Map<number, number[]>();
      for (const r of rings) rungFor.set(r.data.chatId, [...(rungFor.get(r.data.chatId) ?? []), r.user_id]);
      for (const c of chats) {
        expect(rungFor.get(c.id) ?? [], `chat ${c.id}`).to.deep.equal(c.assigned_agent_id ? [c.assigned_agent_id] : []);
      }
    } finally {
      await db.close();
    }
  });
});
