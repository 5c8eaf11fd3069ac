import { Op } from 'sequelize';
import { channels } from '../../protocol/events.js';
import { mayListen } from '../../policies/realtime.js';
import { messageDTO } from '../../presenters/realtime.js';
import type { Models } from '../../db/models/index.js';
import type { MessageRow } from '../../db/models/message.js';
import type { SyncReply } from '../../protocol/frames.js';
import type { RunContext } from '../../runner/entry.js';
import { frame, type FrameEnv, type FrameOf } from '../frame.js';
import { askFresh } from '../accessVersion.js';

/** One answer's share per chat: bounds a reply's size and time; the client asks again for the rest. */
const MAX_PER_CHAT = 500;

/**
 * Resume after a reconnect: for each chat, the client says the last seq it saw and gets every
 * later message, in seq order, as ordinary message.created events; the reply says where each
 * chat now stands and which chats have more waiting (the client syncs those again from there).
 * Subscribe first, then sync: a message in between may come twice, never zero times, and
 * clients drop a seq they already have.
 */
async function syncChats({ caller, env, domain }: RunContext<FrameEnv, void>, frame: FrameOf<'sync'>): Promise<SyncReply> {
  const { models } = domain;
  const identity = caller.identity!;
  const { conn } = env;
  const positions: Record<string, number> = {};
  const refused: number[] = [];
  const more: number[] = [];
  for (const [key, lastSeq] of Object.entries(frame.chats)) {
    const chatId = Number(key);
    // Asked again if the connection's access changed meanwhile, as subscribe is (accessVersion.ts).
    if (!(await askFresh(conn, () => mayListen(models, conn.identity, channels.chat(chatId))))) {
      refused.push(chatId);
      continue;
    }
    const chat = await models.Chat.findByPk(chatId, { attributes: ['id', 'client_id', 'last_seq'] });
    if (!chat) continue;
    const where: Record<string, unknown> = { chat_id: chatId, seq: { [Op.gt]: lastSeq } };
    if (identity.kind === 'visitor') where.is_internal = false;
    // One row past the share tells whether more is waiting, without a second query. Changes
    // (edits, deletes, reactions) share the seqs with messages: both are read, merged, cut.
    const [rows, changes] = await Promise.all([
      models.Message.findAll({ where, order: [['seq', 'ASC']], limit: MAX_PER_CHAT + 1 }),
      models.MessageChange.findAll({ where: { chat_id: chatId, seq: { [Op.gt]: lastSeq } }, attributes: ['seq', 'message_id', 'kind'], order: [['seq', 'ASC']], limit: MAX_PER_CHAT + 1 }),
    ]);
    const changed = await changedMessages(models, changes.map((c) => c.message_id), identity.kind === 'visitor');
    const items = [
      ...rows.map((m) => ({ seq: m.seq, message: m, change: null })),
      ...changes.filter((c) => changed.has(c.message_id)).map((c) => ({ seq: c.seq, message: changed.get(c.message_id)!, change: c.kind })),
    ].sort((a, b) => a.seq - b.seq);
    const missed = items.slice(0, MAX_PER_CHAT);
    const names = await senderNames(models, missed.map(({ message: m }) => ({ type: m.sender_type, id: m.sender_id })));
    for (const { seq, message: m, change } of missed) {
      const message = messageDTO(m, names(m.sender_type, m.sender_id));
      conn.send({
        type: 'event',
        channel: channels.chat(chatId),
        event: change === null ? { name: 'message.created', clientId: chat.client_id, chatId, message } : { name: 'message.updated', clientId: chat.client_id, chatId, seq, change, message },
      });
    }
    const cut = rows.length > MAX_PER_CHAT || changes.length > MAX_PER_CHAT || items.length > MAX_PER_CHAT;
    if (cut) more.push(chatId);
    // The chat row was read first: a message committed since may have been sent above it.
    const lastSent = missed.length ? missed[missed.length - 1].seq : 0;
    positions[key] = cut ? lastSent : Math.max(chat.last_seq, lastSent);
  }
  return { chats: positions, refused, more };
}

export const syncFrame = frame({ type: 'sync', permission: 'identified', unitOfWork: 'none', run: syncChats, present: (reply) => reply });

/** The messages changed since (as they stand now), keyed by id; a visitor's leave out internal notes. */
async function changedMessages(models: Models, ids: number[], forVisitor: boolean) {
  if (ids.length === 0) return new Map<number, MessageRow>();
  const rows = await models.Message.findAll({ where: { id: [...new Set(ids)], ...(forVisitor ? { is_internal: false } : {}) } });
  return new Map<number, MessageRow>(rows.map((m) => [m.id, m]));
}

async function senderNames(models: Models, senders: { type: string; id: number | null }[]) {
  const agentIds = [...new Set(senders.filter((s) => s.type === 'agent' && s.id).map((s) => s.id!))];
  const visitorIds = [...new Set(senders.filter((s) => s.type === 'visitor' && s.id).map((s) => s.id!))];
  const [agents, visitors] = await Promise.all([
    agentIds.length ? models.User.findAll({ where: { id: agentIds }, attributes: ['id', 'pseudo_name'] }) : [],
    visitorIds.length ? models.Visitor.findAll({ where: { id: visitorIds }, attributes: ['id', 'name'] }) : [],
  ]);
  const agentName = new Map(agents.map((a) => [a.id, a.pseudo_name]));
  const visitorName = new Map(visitors.map((v) => [v.id, v.name]));
  return (type: string, id: number | null) => (id === null ? null : type === 'agent' ? agentName.get(id) ?? null : type === 'visitor' ? visitorName.get(id) ?? null : null);
}
