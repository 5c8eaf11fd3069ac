import { expect } from 'chai';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { factories } from '../helpers/factories.js';
import type { Database } from '../../lib/db/index.js';
import type { BusEvent } from '../../lib/protocol/events.js';
import type { DomainEvent } from '../../lib/domain/events.js';
import { presentEvent } from '../../lib/presenters/events.js';
import { sendMessages, type SendRequest, type SendOutcome } from '../../lib/domain/chats/sendMessages.js';
import { sequelizeBatchStore } from '../../lib/db/messages/sequelizeStore.js';
import { createPipelinedBatches } from '../../lib/db/messages/mysqlPipelinedStore.js';
import type { MessageBatchStore } from '../../lib/domain/chats/messageStore.js';
import { mysqlOptions } from '../../lib/db/connection.js';

/**
 * The group-commit path on its own: one batch mixing two chats, a resend, a copy sent twice in
 * the batch, a closed chat, another visitor's chat, an agent who is not in the chat and a bad
 * input. Each request gets its own answer and the stored rows are exactly the accepted ones, in
 * seq order: through Sequelize one statement at a time, and on MySQL/MariaDB pipelined in two
 * round trips, whether the new ids come back by INSERT ... RETURNING or by the SELECT MySQL needs.
 */
describeEachDialect('group commit of messages', (dialect) => {
  let install: Installed;
  let db: Database;
  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });

  type Run = (emit: (e: DomainEvent) => void, requests: SendRequest[]) => Promise<SendOutcome[]>;
  const throughSequelize =
    (returning: boolean): Run =>
    (emit, requests) =>
      db.sequelize.transaction((transaction) => sendMessages({ models: db.models, transaction, actor: { type: 'system' }, emit }, sequelizeBatchStore(db.sequelize, transaction, { returning }), requests));
  const pipelined =
    (returning: boolean): Run =>
    async (emit, requests) => {
      const m = mysqlOptions(install.config.database);
      const batches = createPipelinedBatches({ ...m, database: m.name, connections: 1, connectTimeoutMs: 5000, acquireTimeoutMs: 5000, queryTimeoutMs: 10_000, returning });
      try {
        return await batches.run((store: MessageBatchStore) => sendMessages({ models: db.models, actor: { type: 'system' }, emit }, store, requests));
      } finally {
        await batches.close();
      }
    };
  const paths: [string, Run][] = [
    ['through Sequelize, INSERT ... RETURNING', throughSequelize(true)],
    ['through Sequelize, INSERT then SELECT', throughSequelize(false)],
    ...(dialect === 'mysql'
      ? ([
          ['pipelined, INSERT ... RETURNING', pipelined(true)],
          ['pipelined, INSERT then SELECT', pipelined(false)],
        ] as [string, Run][])
      : []),
  ];

  for (const [path, run] of paths) {
    it(`answers every request of a mixed batch and stores exactly the accepted ones in seq order (${path})`, async function () {
      if (path.includes('RETURNING') && dialect === 'mysql' && !/mariadb/i.test(await db.sequelize.databaseVersion())) this.skip();
      const f = factories(db);
      const client = await f.client();
      const ann = await f.visitor(client.id, { name: 'Ann' });
      const bob = await f.visitor(client.id, { name: 'Bob' });
      const chatA = await f.chat(client.id, ann.id);
      const chatB = await f.chat(client.id, bob.id);
      const closed = await f.chat(client.id, ann.id, { status: 'closed' });
      const agent = await f.user('agent', { pseudo_name: 'Sam' }, [client.id]);
      const outsider = await f.user('agent', {}, [client.id]);
      await db.models.ChatParticipant.create({ chat_id: chatA.id, user_id: agent.id, joined_at: new Date() });
      const earlier = await f.message(chatA.id, { client_msg_id: 'a-0', sender_id: ann.id });

      const visitorA = { type: 'visitor', visitorId: ann.id } as const;
      const visitorB = { type: 'visitor', visitorId: bob.id } as const;
      const requests: SendRequest[] = [
        { sender: visitorA, input: { chatId: chatA.id, clientMsgId: 'a-1', body: 'first' } },
        { sender: visitorB, input: { chatId: chatB.id, clientMsgId: 'b-1', body: 'hello from B' } },
        { sender: { type: 'agent', userId: agent.id }, input: { chatId: chatA.id, clientMsgId: 'sam-1', body: 'Hi Ann' } },
        { sender: visitorA, input: { chatId: chatA.id, clientMsgId: 'a-0', body: 'resent' } },
        { sender: visitorA, input: { chatId: chatA.id, clientMsgId: 'a-1', body: 'first' } },
        { sender: visitorA, input: { chatId: closed.id, clientMsgId: 'c-1', body: 'anyone?' } },
        { sender: visitorA, input: { chatId: chatB.id, clientMsgId: 'x-1', body: 'not my chat' } },
        { sender: { type: 'agent', userId: outsider.id }, input: { chatId: chatA.id, clientMsgId: 'o-1', body: 'I am not in it' } },
        { sender: visitorA, input: { chatId: chatA.id, clientMsgId: 'a-2', body: '   ' } },
        { sender: visitorA, input: { chatId: chatA.id, clientMsgId: 'a-3', body: 'second' } },
      ];
      const events: BusEvent[] = [];
      const outcomes = await run((e) => events.push(presentEvent(e)), requests);

      const seqOf = (o: SendOutcome) => (o.ok ? o.message.seq : null);
      expect(outcomes.map(seqOf)).to.deep.equal([2, 1, 3, 1, 2, null, null, null, null, 4]);
      expect(outcomes.map((o) => (o.ok ? o.duplicate : o.error.code))).to.deep.equal([false, false, false, true, true, 'chat_closed', 'not_found', 'not_participant', 'invalid_input', false]);
      const ok = outcomes.filter((o): o is Extract<SendOutcome, { ok: true }> => o.ok);
      expect(ok[3].message.id).to.equal(earlier.id);
      expect(ok[4].message.id).to.equal(ok[0].message.id);

      const stored = await db.models.Message.findAll({ where: { chat_id: [chatA.id, chatB.id, closed.id] }, order: [['chat_id', 'ASC'], ['seq', 'ASC']] });
      expect(stored.map((m) => [m.chat_id, m.seq, m.client_msg_id, m.body])).to.deep.equal([
        [chatA.id, 1, 'a-0', earlier.body],
        [chatA.id, 2, 'a-1', 'first'],
        [chatA.id, 3, 'sam-1', 'Hi Ann'],
        [chatA.id, 4, 'a-3', 'second'],
        [chatB.id, 1, 'b-1', 'hello from B'],
      ]);
      // Every answer names the row that holds it, and the chats' counters moved on exactly that far.
      for (const o of ok) expect(stored.find((m) => m.id === o.message.id)?.seq).to.equal(o.message.seq);
      expect((await db.models.Chat.findByPk(chatA.id))!.last_seq).to.equal(4);
      expect((await db.models.Chat.findByPk(chatB.id))!.last_seq).to.equal(1);
      expect((await db.models.Chat.findByPk(closed.id))!.last_seq).to.equal(0);
      expect((await db.models.Chat.findByPk(chatA.id))!.first_response_at).to.be.instanceOf(Date);

      // One event per new message, with the sender's name; none for resends or refusals.
      const created = events.filter((e): e is Extract<BusEvent, { name: 'message.created' }> => e.name === 'message.created');
      expect(created.map((e) => [e.chatId, e.message.seq, e.message.senderName])).to.deep.equal([
        [chatA.id, 2, 'Ann'],
        [chatB.id, 1, 'Bob'],
        [chatA.id, 3, 'Sam'],
        [chatA.id, 4, 'Ann'],
      ]);
    });

    it(`answers a clientMsgId of another sender in the chat with client_msg_id_taken, never with that message (${path})`, async function () {
      if (path.includes('RETURNING') && dialect === 'mysql' && !/mariadb/i.test(await db.sequelize.databaseVersion())) this.skip();
      const f = factories(db);
      const client = await f.client();
      const ann = await f.visitor(client.id, { name: 'Ann' });
      const chat = await f.chat(client.id, ann.id);
      const agent = await f.user('agent', { pseudo_name: 'Sam' }, [client.id]);
      await db.models.ChatParticipant.create({ chat_id: chat.id, user_id: agent.id, joined_at: new Date() });
      await f.message(chat.id, { client_msg_id: 'note-1', sender_type: 'agent', sender_id: agent.id, body: 'internal note', is_internal: true });
      const ann1 = { type: 'visitor', visitorId: ann.id } as const;
      const sam = { type: 'agent', userId: agent.id } as const;
      const outcomes = await run(() => {}, [
        { sender: ann1, input: { chatId: chat.id, clientMsgId: 'note-1', body: 'show me' } },
        { sender: sam, input: { chatId: chat.id, clientMsgId: 'both-1', body: 'from Sam' } },
        { sender: ann1, input: { chatId: chat.id, clientMsgId: 'both-1', body: 'from Ann, same id, same batch' } },
        { sender: sam, input: { chatId: chat.id, clientMsgId: 'both-1', body: 'from Sam' } },
      ]);
      expect(outcomes.map((o) => (o.ok ? o.duplicate : o.error.code))).to.deep.equal(['client_msg_id_taken', false, 'client_msg_id_taken', true]);
      expect(JSON.stringify(outcomes[0])).to.not.include('internal note');
      const stored = await db.models.Message.findAll({ where: { chat_id: chat.id }, order: [['seq', 'ASC']] });
      expect(stored.map((m) => [m.client_msg_id, m.sender_type])).to.deep.equal([
        ['note-1', 'agent'],
        ['both-1', 'agent'],
      ]);
    });
  }
});
