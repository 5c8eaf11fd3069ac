import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';
import { quietFor } from '../../helpers/wait.js';

/**
 * After an outage of the event bus between nodes the server sends `{type:"resync"}`: chats that
 * began meanwhile reached this node's dashboard by no event, so the dashboard fetches its chat
 * list again (as after a reconnect of its own) and shows them.
 */
describe('dashboard chat list on a resync frame, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let ann: AgentPage;
  let visitor: TestSocket;

  after(async () => {
    visitor?.close();
    await ann?.context.close();
  });

  it('shows a chat it heard no event about once the server says resync', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);
    const connected = await connectVisitor(scene.server.baseUrl, site.widget_key);
    visitor = connected.socket;
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Sam Shoes', email: 'sam@example.test', phone: '+1 555 0100' }, message: 'Hello', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    const page = ann.page;
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 1);

    // A chat made on another node while the bus was down: in the database, no event here.
    const other = await scene.f.visitor(site.id, { name: 'Bea Boots' });
    await scene.f.chat(site.id, other.id, { status: 'waiting' });
    await quietFor(500); // a card, were an event sent, would show within this
    expect(await page.locator('.chatitem').count(), 'no event, no card yet').to.equal(1);

    for (const conn of scene.server.realtime.hub.connections.values()) conn.send({ type: 'resync' });
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 2, undefined, { timeout: 10_000 });
    expect((await page.locator('.chatitem .visitor-name').allTextContents()).sort()).to.deep.equal(['Bea Boots', 'Sam Shoes']);
  });
});
