import crypto from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';

/**
 * Bulk rows for the history bench: `websites` websites, `chats` chats (one visitor each) spread
 * over the last `days` days, `messagesPerChat` messages each, written with multi-row INSERTs in
 * large transactions (minutes for a million rows, not hours). Message text is drawn from a
 * vocabulary with a Zipf-like spread, so a search word can be common ("order": in a good share of
 * chats) or rare ("w1873": in a handful), as in real conversations.
 */
export interface HistorySeedOptions {
  websites: number[];
  agentsByWebsite: Map<number, number[]>;
  chats: number;
  messagesPerChat: number;
  days: number;
  onProgress: (line: string) => void;
}

const COMMON = ['order', 'price', 'shipping', 'delivery', 'refund', 'account', 'password', 'invoice', 'payment', 'essay', 'deadline', 'discount', 'coupon', 'support', 'thanks', 'hello', 'please', 'help', 'question', 'problem'];
const VOCABULARY = [...COMMON, ...Array.from({ length: 5000 }, (_, i) => `w${i}`)];
/** Word i drawn with weight 1/(i+1): the first words are everywhere, the last rare. */
const WEIGHTS = (() => {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < VOCABULARY.length; i++) cumulative.push((sum += 1 / (i + 1)));
  return { cumulative, sum };
})();
function word(): string {
  const x = Math.random() * WEIGHTS.sum;
  let lo = 0;
  let hi = WEIGHTS.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (WEIGHTS.cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
}
const sentence = () => Array.from({ length: 6 + Math.floor(Math.random() * 10) }, word).join(' ');
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

const ROWS_PER_INSERT = 1000;
const ROWS_PER_TRANSACTION = 20_000;

async function insertRows(sequelize: Sequelize, transaction: Transaction, table: string, columns: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const marks = `(${columns.map(() => '?').join(',')})`;
    await sequelize.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${chunk.map(() => marks).join(',')}`, { replacements: chunk.flat(), transaction, logging: false });
  }
}

/** Seeds in slices of chats, each slice in one transaction: visitors, chats, participants, messages. */
export async function seedHistory(sequelize: Sequelize, o: HistorySeedOptions): Promise<void> {
  const now = Date.now();
  const slice = Math.max(1, Math.floor(ROWS_PER_TRANSACTION / (o.messagesPerChat + 3)));
  const [[{ next }]] = (await sequelize.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM chats')) as [{ next: number }[], unknown];
  let chatId = Number(next);
  const [[{ nextVisitor }]] = (await sequelize.query('SELECT COALESCE(MAX(id), 0) + 1 AS nextVisitor FROM visitors')) as [{ nextVisitor: number }[], unknown];
  let visitorId = Number(nextVisitor);
  const started = Date.now();
  for (let done = 0; done < o.chats; done += slice) {
    const n = Math.min(slice, o.chats - done);
    const visitors: unknown[][] = [];
    const chats: unknown[][] = [];
    const participants: unknown[][] = [];
    const messages: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const website = pick(o.websites);
      const at = new Date(now - Math.random() * o.days * 86_400_000);
      const name = `${pick(['Anna', 'Ben', 'Chloe', 'Dev', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jon'])} ${crypto.randomBytes(3).toString('hex')}`;
      visitors.push([visitorId, website, crypto.randomUUID(), name, `${name.split(' ')[1]}@mail.test`, `+1 555 ${String(visitorId % 10_000).padStart(4, '0')}`, at, at, 1, at, at]);
      const agents = o.agentsByWebsite.get(website) ?? [];
      const answered = agents.length > 0 && Math.random() < 0.85;
      const status = answered ? (Math.random() < 0.95 ? 'closed' : 'active') : Math.random() < 0.5 ? 'offline' : 'closed';
      const firstResponse = answered ? new Date(at.getTime() + Math.random() * 600_000) : null;
      const ended = status === 'closed' ? new Date(at.getTime() + 60_000 + Math.random() * 1_800_000) : null;
      const rating = status === 'closed' && Math.random() < 0.3 ? 1 + Math.floor(Math.random() * 5) : null;
      chats.push([chatId, website, visitorId, status, Math.random() < 0.4, o.messagesPerChat, at, firstResponse, new Date(at.getTime() + 60_000), ended, ended ? 'agent' : null, rating, at, at]);
      const agent = answered ? pick(agents) : null;
      if (agent) participants.push([chatId, agent, firstResponse ?? at, ended, o.messagesPerChat]);
      for (let seq = 1; seq <= o.messagesPerChat; seq++) {
        const fromAgent = agent && seq % 2 === 0;
        const isFile = seq === o.messagesPerChat && Math.random() < 0.05;
        messages.push([chatId, seq, fromAgent ? 'agent' : 'visitor', fromAgent ? agent : null, isFile ? 'file' : 'text', isFile ? null : sentence(), isFile ? 'scan.pdf' : null, false, false, new Date(at.getTime() + seq * 20_000)]);
      }
      chatId += 1;
      visitorId += 1;
    }
    await sequelize.transaction(async (transaction) => {
      await insertRows(sequelize, transaction, 'visitors', ['id', 'client_id', 'visitor_key', 'name', 'email', 'phone', 'first_visit_at', 'last_visit_at', 'total_visits', 'created_at', 'updated_at'], visitors);
      await insertRows(sequelize, transaction, 'chats', ['id', 'client_id', 'visitor_id', 'status', 'lead_form_filled', 'last_seq', 'started_at', 'first_response_at', 'last_message_at', 'ended_at', 'ended_by', 'rating', 'created_at', 'updated_at'], chats);
      await insertRows(sequelize, transaction, 'chat_participants', ['chat_id', 'user_id', 'joined_at', 'left_at', 'last_read_seq'], participants);
      await insertRows(sequelize, transaction, 'messages', ['chat_id', 'seq', 'sender_type', 'sender_id', 'message_type', 'body', 'file_name', 'is_internal', 'is_read', 'created_at'], messages);
    });
    const total = done + n;
    o.onProgress(`seeded ${total.toLocaleString('en-US')} of ${o.chats.toLocaleString('en-US')} chats (${(total * o.messagesPerChat).toLocaleString('en-US')} messages) in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

/** Words to search for: common ones (in many chats), middling and rare ones. */
export const SEARCH_WORDS = { common: COMMON.slice(0, 10), middling: ['w20', 'w50', 'w100', 'w200', 'w300'], rare: ['w2000', 'w3000', 'w4000', 'w4500', 'w4900'] };
