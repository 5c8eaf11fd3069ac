/**
 * The website's assistant (docs/ai.md): after a visitor message is analysed, and only while no
 * agent is in the chat (and, in `offline` mode, none of the website's agents is online), it
 * answers from the knowledge base under its own name, marked as automated; with no confident
 * answer it says so and offers a person; a visitor who asks for a person is handed to the agents
 * with a short summary. It runs in the analysis queue, so never on the message's path.
 */
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { EventOf } from '../protocol/events.js';
import { withUnitOfWork } from '../domain/unitOfWork.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';
import { readAssistantSettings } from '../domain/ai/assistantSettings.js';
import { assistantReply, escalateToHuman } from '../domain/ai/assistantTurn.js';
import { onlineAgentIds } from '../domain/chats/onlineAgents.js';
import { listArticles } from '../domain/knowledge/listArticles.js';
import { rankArticles } from '../domain/knowledge/searchArticles.js';
import type { MessageAnalysis } from './types.js';

/** Below this MiniSearch score the best article is not a confident answer (one common word matches ~2-4; a real match 8+). */
export const CONFIDENT_SCORE = 6;
const ANSWER_MAX_CHARS = 700;
const SYSTEM = { type: 'system' } as const;

const SMALL_TALK: Record<string, (name: string) => string> = {
  greeting: (name) => `Hello! I am ${name}, an automated assistant. Ask me your question, or say "agent" to talk to a person.`,
  thanks: () => 'You are welcome! Anything else I can help with?',
  bye: () => 'Goodbye, and thank you for your visit!',
};

export interface Assistant {
  /** Called by the analysis queue for each analysed visitor message. */
  afterAnalysis(event: EventOf<'message.created'>, reading: MessageAnalysis): Promise<void>;
}

export function createAssistant(deps: { db: Database; bus: EventBus }): Assistant {
  const { models } = deps.db;
  const uow = unitOfWorkDeps(deps.db, deps.bus);

  /** The assistant's turn, or null when it stays out (off, an agent in the chat or online in offline mode, a closed chat). */
  async function activeName(clientId: number, chatId: number): Promise<string | null> {
    const settings = await readAssistantSettings(models, clientId);
    if (settings.mode === 'off') return null;
    const chat = await models.Chat.findByPk(chatId, { attributes: ['id', 'status'] });
    if (!chat || (chat.status !== 'waiting' && chat.status !== 'offline')) return null;
    if ((await models.ChatParticipant.count({ where: { chat_id: chatId, left_at: null } })) > 0) return null;
    if (settings.mode === 'offline' && (await onlineAgentIds(models, clientId)).length > 0) return null;
    return settings.name;
  }

  async function summaryOf(chatId: number, last: string) {
    const earlier = await models.Message.findAll({ where: { chat_id: chatId, sender_type: 'visitor', message_type: 'text' }, order: [['seq', 'DESC']], limit: 3, attributes: ['body'] });
    const said = earlier.map((m) => m.body ?? '').reverse().filter((b) => b && b !== last);
    const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);
    return [`Asks for a person: "${clip(last)}"`, ...(said.length ? [`Before: ${said.map((s) => `"${clip(s)}"`).join(', ')}`] : [])].join('. ');
  }

  return {
    async afterAnalysis(event, reading) {
      const name = await activeName(event.clientId, event.chatId);
      if (!name) return;
      const text = event.message.body ?? '';
      if (reading.wantsHuman) {
        const summary = await summaryOf(event.chatId, text);
        await withUnitOfWork(uow, SYSTEM, (ctx) => escalateToHuman(ctx, event.chatId, name, summary));
        return;
      }
      const [best] = rankArticles(await listArticles(models, [event.clientId]), text, 1);
      let answer: string;
      if (best && best.score >= CONFIDENT_SCORE) {
        const body = best.article.body.length > ANSWER_MAX_CHARS ? `${best.article.body.slice(0, ANSWER_MAX_CHARS - 1)}…` : best.article.body;
        answer = `${body} (from "${best.article.title}")`;
      } else if (reading.intent && SMALL_TALK[reading.intent]) {
        answer = SMALL_TALK[reading.intent](name);
      } else {
        answer = 'I am not sure I have the answer to that. Would you like to talk to a person? Just say so.';
      }
      await withUnitOfWork(uow, SYSTEM, (ctx) => assistantReply(ctx, event.chatId, name, answer));
    },
  };
}
