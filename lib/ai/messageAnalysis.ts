/**
 * Every visitor message is read by the AI engine (language, sentiment, intent, "wants a human")
 * off the message path: the sender had its ack when the message was committed, and the
 * `message.created` event that follows only queues the text here. One message at a time, in order;
 * the reading is stored (message_analyses) and told to the agents as `message.analyzed`.
 * Only the node where the message was sent reads it (with Redis every node hears every event).
 */
import type { Database } from '../db/index.js';
import { messageAnalyses } from '../db/ai/messageAnalyses.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../clock.js';
import { messageAnalysisDTO } from '../presenters/ai.js';
import type { EventOf } from '../protocol/events.js';
import type { AiEngine, MessageAnalysis } from './types.js';

/** A burst beyond this many waiting messages is not analysed (a warning says so) rather than growing memory. */
const MAX_WAITING = 1000;
/** The engine reads the start of a long message; intent and mood are there. */
const MAX_CHARS = 2000;

interface Deps {
  db: Database;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** Resolves when the engine is trained; messages wait for it in the queue. */
  engine: Promise<AiEngine>;
  /** What runs next on an analysed message, in the same queue (the website's assistant). */
  afterAnalysis?: (event: EventOf<'message.created'>, reading: MessageAnalysis) => Promise<void>;
}

export interface MessageAnalysisService {
  /** Resolves when every queued message has been read (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function subscribeMessageAnalysis(deps: Deps): MessageAnalysisService {
  const waiting: EventOf<'message.created'>[] = [];
  const store = messageAnalyses(deps.db.models);
  let running: Promise<void> | null = null;
  let closed = false;
  let dropped = 0;

  async function analyseOne(event: EventOf<'message.created'>) {
    const engine = await deps.engine;
    const { message } = event;
    const reading = await engine.analyze((message.body ?? '').slice(0, MAX_CHARS));
    const row = {
      message_id: message.id,
      chat_id: event.chatId,
      language: reading.language,
      sentiment: reading.sentiment,
      polarity: reading.polarity,
      intent: reading.intent,
      intent_score: reading.intentScore,
      wants_human: reading.wantsHuman,
      engine: engine.name,
    };
    if (closed) return;
    if (!(await store.save(row, new Date(deps.clock.now())))) return;
    await deps.bus.publish({ name: 'message.analyzed', clientId: event.clientId, chatId: event.chatId, seq: message.seq, analysis: messageAnalysisDTO(row) });
    await deps.afterAnalysis?.(event, reading);
  }

  async function drain() {
    while (waiting.length && !closed) {
      const event = waiting.shift()!;
      try {
        await analyseOne(event);
      } catch (err) {
        // A message deleted meanwhile (its chat purged) or a database hiccup: that reading is lost, the next goes on.
        deps.logger.warn({ err, messageId: event.message.id }, 'message analysis failed');
      }
    }
    running = null;
  }

  const unsubscribe = deps.bus.subscribe((event, origin) => {
    if (event.name !== 'message.created' || origin === 'remote' || closed) return;
    const { message } = event;
    if (message.senderType !== 'visitor' || message.type !== 'text' || message.internal || !message.body?.trim()) return;
    if (waiting.length >= MAX_WAITING) {
      if (dropped++ % 100 === 0) deps.logger.warn({ dropped }, 'message analysis is behind: messages skipped');
      return;
    }
    waiting.push(event);
    running ??= drain();
  });

  return {
    async idle() {
      while (running) await running;
    },
    async close() {
      unsubscribe();
      closed = true;
      waiting.length = 0;
      await running;
      // The engine may still be training: let it finish rather than leave work running after close.
      await deps.engine.catch(() => undefined);
    },
  };
}
