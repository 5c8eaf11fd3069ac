import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { withServer } from '../../helpers/scene.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import type { WidgetSessionDTO } from '../../../lib/protocol/widget.js';

const FORM = {
  customFields: [
    { key: 'order', label: 'Order number', type: 'text', required: true },
    { key: 'topic', label: 'Topic', type: 'select', required: false, options: ['Returns', 'Delivery'] },
    { key: 'newsletter', label: 'Send me the newsletter', type: 'checkbox', required: false },
  ],
  consent: { text: 'I agree that my data is used to answer me.', privacyUrl: 'https://shop.example.test/privacy' },
};
const contact = { name: 'Vera', email: 'vera@example.test' };

describeEachDialect("a website's pre-chat form, enforced by the server", (dialect) => {
  const scene = withServer(dialect);
  const sockets: TestSocket[] = [];
  let admin: ApiClient;
  after(() => sockets.forEach((s) => s.close()));

  before(async () => {
    const boss = await scene.f.user('super_admin');
    admin = await signedIn(scene.server.baseUrl, boss.email, TEST_PASSWORD);
  });

  /** A website with an agent online and the form set by a super admin through the API. */
  async function site(settings: Record<string, unknown> = FORM) {
    const client = await scene.f.client();
    const agent = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const saved = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: settings });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    return { client, agent };
  }
  async function visitor(widgetKey: string) {
    const v = await connectVisitor(scene.server.baseUrl, widgetKey);
    sockets.push(v.socket);
    return v;
  }

  it('refuses a form that cannot be filled in: a select without options, two fields with one key, a consent link that is not http(s); and a WhatsApp number that is not one', async () => {
    const client = await scene.f.client();
    const noOptions = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: { customFields: [{ key: 'size', label: 'Size', type: 'select', required: true }] } });
    expect(noOptions.status).to.equal(422);
    expect(JSON.stringify(noOptions.body)).to.contain('a select needs at least one option');
    const twice = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: { customFields: [FORM.customFields[0], FORM.customFields[0]] } });
    expect(twice.status).to.equal(422);
    const badLink = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: { consent: { text: 'OK?', privacyUrl: 'javascript:alert(1)' } } });
    expect(badLink.status).to.equal(422);
    const badNumber = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: { whatsapp: 'call me' } });
    expect(badNumber.status).to.equal(422);
    expect(JSON.stringify(badNumber.body)).to.contain('must be an international phone number');
    const branded = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: { whatsapp: '+34 600 123 456', agentAvatars: false, language: 'es' } });
    expect(branded.status).to.equal(200);
    const { session } = await visitor(client.widget_key);
    expect((session as WidgetSessionDTO).settings).to.include({ whatsapp: '+34 600 123 456', agentAvatars: false, language: 'es' });
    const badLanguage = await admin.patch(`/api/clients/${client.id}`, { widgetSettings: { language: 'xx' } });
    expect(badLanguage.status).to.equal(422);
  });

  it('refuses a lead missing a required field or the consent, or with an answer the form does not offer, and stores nothing', async () => {
    const { client } = await site();
    const { socket, session } = await visitor(client.widget_key);
    const settings = (session as WidgetSessionDTO).settings;
    expect(settings.customFields.map((f) => f.key)).to.deep.equal(['order', 'topic', 'newsletter']);
    expect(settings.consent).to.deep.equal(FORM.consent);
    expect(settings.rating).to.equal(true);

    const tries: [object, string][] = [
      [{ ...contact, consent: true, fields: { topic: 'Returns' } }, 'This website needs "Order number" before a chat starts: fill in that field and try again.'],
      [{ ...contact, consent: true, fields: { order: '   ' } }, 'This website needs "Order number" before a chat starts'],
      [{ ...contact, fields: { order: 'A-1' } }, 'This website needs your consent'],
      [{ ...contact, consent: false, fields: { order: 'A-1' } }, 'This website needs your consent'],
      [{ ...contact, consent: true, fields: { order: 'A-1', topic: 'Refunds' } }, '"Topic" must be one of: Returns, Delivery.'],
      [{ ...contact, consent: true, fields: { order: 'A-1', newsletter: 'yes' } }, '"Send me the newsletter" is a checkbox'],
      [{ ...contact, consent: true, fields: { order: 'A-1', vip: 'yes' } }, 'This website\'s form has no field "vip".'],
    ];
    for (const [lead, message] of tries) {
      const refused = await socket.request({ type: 'chat.start', lead, message: 'Hi', clientMsgId: newMsgId() });
      expect(refused.ok, JSON.stringify(lead)).to.equal(false);
      expect(refused.error.code).to.equal('invalid_input');
      expect(refused.error.message).to.contain(message);
    }
    // No form at all: the widget must ask it for every chat.
    const bare = await socket.request({ type: 'chat.start', message: 'Hi', clientMsgId: newMsgId() });
    expect(bare.ok).to.equal(false);
    expect(bare.error.message).to.contain("pre-chat form's questions");
    expect(await scene.db.models.Chat.count({ where: { visitor_id: session.visitorId } }), 'nothing stored').to.equal(0);
    expect((await scene.db.models.Visitor.findByPk(session.visitorId))!.name, 'the visitor is left as it was').to.equal(null);
  });

  it("stores the answers with their labels and the consent time on the chat, and shows them to the website's agents only (404 to another website's)", async () => {
    const { client, agent } = await site();
    const { socket, session } = await visitor(client.widget_key);
    const started = await socket.request({ type: 'chat.start', lead: { ...contact, consent: true, fields: { order: ' A-1 ', topic: 'Delivery', newsletter: false } }, message: 'Where is it?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    const expected = [
      { key: 'order', label: 'Order number', value: 'A-1' },
      { key: 'topic', label: 'Topic', value: 'Delivery' },
      { key: 'newsletter', label: 'Send me the newsletter', value: 'no' },
    ];
    const stored = await scene.db.models.Chat.findByPk(started.chat.id);
    expect(stored!.lead_fields).to.deep.equal(expected);
    expect(stored!.consent_at).to.be.instanceOf(Date);

    const api = await signedIn(scene.server.baseUrl, agent.email, TEST_PASSWORD);
    const seen = await api.get(`/api/chats/${started.chat.id}`);
    expect(seen.status).to.equal(200);
    expect(seen.body.chat.leadFields).to.deep.equal(expected);
    expect(seen.body.chat.consentAt).to.be.a('string');

    const other = await scene.f.client();
    const stranger = await scene.f.user('agent', { status: 'online' }, [other.id]);
    const strangerApi = await signedIn(scene.server.baseUrl, stranger.email, TEST_PASSWORD);
    expect((await strangerApi.get(`/api/chats/${started.chat.id}`)).status).to.equal(404);

    // A reload while the chat goes on: the form was filled for it; the next visitor of a plain website keeps the old rules.
    const again = await connectVisitor(scene.server.baseUrl, client.widget_key, 'https://example.test', session.visitorKey);
    sockets.push(again.socket);
    expect((again.session as WidgetSessionDTO).leadFormFilled).to.equal(true);
    const plain = await site({ customFields: [], consent: null });
    const { socket: plainSocket } = await visitor(plain.client.widget_key);
    const ok = await plainSocket.request({ type: 'chat.start', lead: contact, message: 'Hi', clientMsgId: newMsgId() });
    expect(ok.ok, JSON.stringify(ok)).to.equal(true);
    expect(ok.chat.leadFields).to.deep.equal([]);
  });

  it("one website's questions are not another's: a lead answering another website's field is refused", async () => {
    const { client } = await site({ customFields: [{ key: 'table', label: 'Table', type: 'text', required: false }], consent: null });
    const { socket } = await visitor(client.widget_key);
    const refused = await socket.request({ type: 'chat.start', lead: { ...contact, fields: { order: 'A-1' } }, message: 'Hi', clientMsgId: newMsgId() });
    expect(refused.error?.message).to.equal('This website\'s form has no field "order".');
  });

  it('with ratings off, the widget is told so and the server refuses a rating', async () => {
    const { client } = await site({ rating: false });
    const { socket, session } = await visitor(client.widget_key);
    expect((session as WidgetSessionDTO).settings.rating).to.equal(false);
    const chat = await scene.f.chat(client.id, session.visitorId, { status: 'closed', ended_at: new Date() });
    const res = await fetch(`${scene.server.baseUrl}/api/widget/chats/${chat.id}/rating`, { method: 'POST', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json', origin: 'https://example.test' }, body: JSON.stringify({ rating: 5 }) });
    expect(res.status).to.equal(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('rating_off');
    socket.close();
  });
});
