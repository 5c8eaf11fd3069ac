import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { visitorSession } from '../../helpers/visitors.js';

const ORIGIN = 'https://example.test';

describeEachDialect('widget post-chat rating', (dialect) => {
  const scene = withServer(dialect);

  async function rate(token: string | null, chatId: number, body: unknown) {
    const res = await fetch(`${scene.server.baseUrl}/api/widget/chats/${chatId}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function visitorWithChat(status: 'active' | 'closed') {
    const client = await scene.f.client({ domains: ['example.test'] });
    const session = await visitorSession(scene.server.baseUrl, client.widget_key, ORIGIN);
    const chat = await scene.f.chat(client.id, session.visitorId, { status, ...(status === 'closed' ? { ended_at: new Date(), ended_by: 'visitor' } : {}) });
    return { session, chat };
  }

  it('stores 1-5 stars and a comment on the visitor\'s ended chat; rating again replaces it', async () => {
    const { session, chat } = await visitorWithChat('closed');
    const res = await rate(session.token, chat.id, { rating: 5, comment: '  Very helpful  ' });
    expect(res).to.deep.equal({ status: 200, body: { chatId: chat.id, rating: 5, comment: 'Very helpful' } });
    await rate(session.token, chat.id, { rating: 3 });
    await chat.reload();
    expect([chat.rating, chat.rating_comment]).to.deep.equal([3, null]);
  });

  it('refuses a chat still going on, stars out of 1-5, another visitor, and no token, changing nothing', async () => {
    const open = await visitorWithChat('active');
    expect((await rate(open.session.token, open.chat.id, { rating: 4 })).body.error.code).to.equal('chat_not_closed');
    const { session, chat } = await visitorWithChat('closed');
    for (const rating of [0, 6, 2.5, '5']) {
      const res = await rate(session.token, chat.id, { rating });
      expect(res.status, String(rating)).to.equal(422);
    }
    expect((await rate(open.session.token, chat.id, { rating: 1 })).status).to.equal(404);
    expect((await rate(null, chat.id, { rating: 1 })).status).to.equal(401);
    await chat.reload();
    expect(chat.rating).to.equal(null);
  });
});
