import { expect } from 'chai';
import { decide, isNoteTo, parseText, resendOf, websitesToNameAgents, type Decision, type Draft } from '../../../../lib/domain/chats/messageRules.js';
import type { BatchFacts, LockedChat } from '../../../../lib/domain/chats/messageStore.js';
import type { MessageRow } from '../../../../lib/db/models/message.js';
import { AppError } from '../../../../lib/errors.js';

/**
 * The message pipeline's decisions on plain facts (what a batch read under its locks): each rule
 * and its refusal code, without a database. The integration tests (messageBatch, realtime
 * conversation and idempotency, uploads) show the same decisions end to end.
 */
describe('message rules: what the pipeline accepts, answers as a resend, or refuses', () => {
  const chat = (id: number, over: Partial<LockedChat> = {}): LockedChat => ({ id, client_id: 1, visitor_id: 7, status: 'active', first_response_at: null, last_seq: 0, visitor_name: 'Ann', ...over });
  const stored = (over: Partial<MessageRow>): MessageRow => ({
    id: 99, chat_id: 10, seq: 1, client_msg_id: 'm-1', sender_type: 'visitor', sender_id: 7, message_type: 'text', body: 'first', is_internal: false,
    file_path: null, file_name: null, file_size: null, file_type: null, file_deleted_at: null, is_read: false, read_at: null, created_at: new Date(0), ...over,
  });
  const facts = (over: Partial<BatchFacts> = {}): BatchFacts => ({
    chats: new Map([[10, chat(10)], [11, chat(11, { status: 'closed' })], [12, chat(12, { visitor_id: 8 })]]),
    resends: new Map(),
    participants: new Map([['10:3', 'Sam']]),
    ...over,
  });
  const ann = { type: 'visitor', visitorId: 7 } as const;
  const sam = { type: 'agent', userId: 3 } as const;
  const text = (sender: Draft['sender'], chatId: number, clientMsgId: string | null, body = 'hello', internal?: boolean): Draft => ({ sender, chatId, clientMsgId, body, internal });
  const summary = (d: Decision) => (d.kind === 'refuse' ? d.error.code : d.kind === 'accept' ? `accept${d.internal ? ' internal' : ''} as ${d.name}` : d.kind === 'copy' ? `copy of ${d.of}` : `resend of ${d.message.id}`);

  it("accepts a visitor's and a joined agent's message, named as the chat shows them", () => {
    expect(decide([text(ann, 10, 'a'), text(sam, 10, 's')], facts()).map(summary)).to.deep.equal(['accept as Ann', 'accept as Sam']);
  });

  it('refuses with the policy codes: not_found, chat_closed, not_participant, notes_for_agents', () => {
    const decisions = decide([text(ann, 99, 'a'), text(ann, 12, 'b'), text(ann, 11, 'c'), text({ type: 'agent', userId: 4 }, 10, 'd'), text(ann, 10, 'e', 'psst', true)], facts());
    expect(decisions.map(summary)).to.deep.equal(['not_found', 'not_found', 'chat_closed', 'not_participant', 'notes_for_agents']);
  });

  it("answers the sender's own resend with the stored message, even in a chat closed since", () => {
    const resends = new Map([['10:m-1', stored({})], ['11:m-2', stored({ id: 98, chat_id: 11, client_msg_id: 'm-2' })]]);
    expect(decide([text(ann, 10, 'm-1'), text(ann, 11, 'm-2')], facts({ resends })).map(summary)).to.deep.equal(['resend of 99', 'resend of 98']);
  });

  it("refuses another sender's clientMsgId (client_msg_id_taken, 409) and tells nothing of that message", () => {
    const note = stored({ sender_type: 'agent', sender_id: 3, body: 'internal note', is_internal: true });
    const [decision] = decide([text(ann, 10, 'm-1')], facts({ resends: new Map([['10:m-1', note]]) }));
    expect(summary(decision)).to.equal('client_msg_id_taken');
    expect(JSON.stringify(decision)).to.not.include('internal note');
    expect(summary(resendOf(stored({}), sam))).to.equal('client_msg_id_taken');
  });

  it("hides another visitor's chat even from a resend (not_found before the clientMsgId is looked at)", () => {
    const resends = new Map([['12:m-1', stored({ chat_id: 12, sender_id: 7 })]]);
    expect(decide([text(ann, 12, 'm-1')], facts({ resends })).map(summary)).to.deep.equal(['not_found']);
  });

  it('takes a copy sent twice in one batch once; the copy gets the first one answer', () => {
    expect(decide([text(ann, 10, 'x'), text(ann, 10, 'x'), text(ann, 10, 'y')], facts()).map(summary)).to.deep.equal(['accept as Ann', 'copy of 0', 'accept as Ann']);
  });

  it('does not claim a clientMsgId for a refused send, nor for a file sent without one', () => {
    expect(decide([text(ann, 11, 'x'), text(ann, 11, 'x')], facts()).map(summary)).to.deep.equal(['chat_closed', 'chat_closed']);
    const file = { file_path: 'p', file_name: 'a.pdf', file_size: 1, file_type: 'application/pdf' };
    const files: Draft[] = [{ sender: ann, chatId: 10, clientMsgId: null, body: null, file }, { sender: ann, chatId: 10, clientMsgId: null, body: null, file }];
    expect(decide(files, facts()).map(summary)).to.deep.equal(['accept as Ann', 'accept as Ann']);
  });

  it("makes an agent's message internal when asked or in the @Name form; never a visitor's, never a file", () => {
    const names = new Map([[1, ['Sam', 'Alex Lee']]]);
    const drafts = [text(sam, 10, 'a', 'plain'), text(sam, 10, 'b', 'plain', true), text(sam, 10, 'c', '@alex lee, can you take this?'), text(sam, 10, 'd', '@Samantha hi'), text(ann, 10, 'e', '@Sam hello')];
    expect(decide(drafts, facts(), names).map(summary)).to.deep.equal(['accept as Sam', 'accept internal as Sam', 'accept internal as Sam', 'accept as Sam', 'accept as Ann']);
    expect(websitesToNameAgents(drafts, facts())).to.deep.equal([1]);
    expect(websitesToNameAgents([text(sam, 10, 'a', 'plain'), text(ann, 10, 'e', '@Sam')], facts())).to.deep.equal([]);
  });

  it('reads the note form exactly: the name, then the end, a space, a comma or a colon', () => {
    expect(['@Sam', '@sam: hi', '@Sam,hi', '@Sam\tthere'].map((b) => isNoteTo(b, ['Sam']))).to.deep.equal([true, true, true, true]);
    expect(['@Samuel', 'Sam hi', '@ Sam', '', null].map((b) => isNoteTo(b, ['Sam']))).to.deep.equal([false, false, false, false, false]);
  });

  it('lets the system write its lines in any chat that exists, closed included, and nowhere else', () => {
    const system = { type: 'system' } as const;
    const line = (chatId: number): Draft => ({ sender: system, chatId, clientMsgId: null, body: 'Chat closed by Sam' });
    expect(decide([line(10), line(11), line(99)], facts()).map(summary)).to.deep.equal(['accept as null', 'accept as null', 'not_found']);
  });

  it('refuses bad input with invalid_input, naming what is wrong (nothing is stored for it)', () => {
    const bad = [
      { chatId: 10, clientMsgId: 'ok', body: '   ' },
      { chatId: 10, clientMsgId: 'has space', body: 'hi' },
      { chatId: -1, clientMsgId: 'ok', body: 'hi' },
      { chatId: 10, clientMsgId: 'ok', body: 'x'.repeat(5001) },
      { chatId: 10, clientMsgId: 'ok', body: 'bell\u0007' },
    ];
    for (const input of bad) {
      const parsed = parseText(ann, input);
      expect(parsed, JSON.stringify(input).slice(0, 60)).to.be.instanceOf(AppError);
      expect((parsed as AppError).code).to.equal('invalid_input');
    }
    expect(parseText(ann, { chatId: 10, clientMsgId: 'ok', body: ' hi\r\n ' })).to.deep.include({ chatId: 10, clientMsgId: 'ok', body: 'hi' });
  });
});
