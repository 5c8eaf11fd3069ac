import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Database } from '../../lib/db/index.js';
import type { Role } from '../../lib/db/models/user.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../lib/domain/schemas.js';

const uid = () => crypto.randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct horse battery';
const TEST_HASH = bcrypt.hashSync(TEST_PASSWORD, 4);

/** Test data straight into the database, with sensible defaults and unique names. */
export function factories(db: Database) {
  const m = db.models;
  return {
    client: (over: Record<string, unknown> = {}) =>
      m.Client.create({ name: `Site ${uid()}`, widget_key: `key-${uid()}`, domains: ['example.test'], widget_settings: DEFAULT_WIDGET_SETTINGS, is_active: true, ...over }),
    user: async (role: Role = 'agent', over: Record<string, unknown> = {}, clientIds: number[] = []) => {
      const user = await m.User.create({ name: `User ${uid()}`, email: `u-${uid()}@example.test`, pseudo_name: `Agent ${uid()}`, password_hash: TEST_HASH, role, is_active: true, push_subscriptions: [], preferences: {}, ...over });
      for (const client_id of clientIds) await m.ClientAgent.create({ client_id, user_id: user.id, assigned_at: new Date() });
      return user;
    },
    visitor: (clientId: number, over: Record<string, unknown> = {}) =>
      m.Visitor.create({ client_id: clientId, visitor_key: crypto.randomUUID(), name: `Visitor ${uid()}`, email: `v-${uid()}@example.test`, ...over }),
    chat: (clientId: number, visitorId: number, over: Record<string, unknown> = {}) =>
      m.Chat.create({ client_id: clientId, visitor_id: visitorId, status: 'active', last_message_at: new Date(), ...over }),
    message: async (chatId: number, over: Record<string, unknown> = {}) => {
      const chat = await m.Chat.findByPk(chatId);
      const seq = (chat!.last_seq ?? 0) + 1;
      await chat!.update({ last_seq: seq });
      return m.Message.create({ chat_id: chatId, seq, sender_type: 'visitor', body: `hello ${uid()}`, ...over });
    },
  };
}
