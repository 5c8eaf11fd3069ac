import type { Sequelize } from 'sequelize';
import type { Models } from '../db/models/index.js';
import type { EventBus } from '../events/bus.js';
import type { BusEvent } from '../protocol/events.js';
import type { DomainEvent, PresentEvent } from './events.js';
import type { Actor, DomainContext } from './types.js';
import type { BatchWrite, MessageStores } from './chats/messageStore.js';
import type { IntegrationEvent } from './webhooks/integrationEvents.js';
import type { Transaction } from 'sequelize';

export interface UnitOfWorkDeps {
  sequelize: Sequelize;
  models: Models;
  /** Where the events go after the commit (the CLI passes one that tells the running servers). */
  bus: Pick<EventBus, 'publishMany'>;
  /** What the domain emits -> what the bus carries (lib/presenters/events.ts; the domain does not present). */
  present: PresentEvent;
  /** Needed by operations that store a chat message (chat.start, a greeting, a shared file). */
  messageStores: Pick<MessageStores, 'forTransaction'>;
  /**
   * Writes the webhook outbox rows of what the operation emitted, in its transaction before the
   * commit (lib/runner/webhookOutbox.ts): a change and its webhooks are kept or lost together.
   */
  outbox?: (transaction: Transaction, events: BusEvent[], integration: IntegrationEvent[]) => Promise<void>;
}

/**
 * `transaction`: the operation runs in one transaction. `none`: it reads, or it commits by
 * itself (the message sender's group commit); what it emits is still published after it returns.
 */
export type UnitOfWorkMode = 'transaction' | 'none';

/**
 * The one unit of work: runs a domain operation and publishes the events it emitted only after
 * the commit (nobody hears of a message that a rollback would take back), and always publishes
 * them. Every entry point, job and CLI command that changes something goes through here.
 */
export async function withUnitOfWork<T>(deps: UnitOfWorkDeps, actor: Actor, fn: (ctx: DomainContext) => Promise<T>, mode: UnitOfWorkMode = 'transaction'): Promise<T> {
  const events: BusEvent[] = [];
  const emit = (event: DomainEvent) => void events.push(deps.present(event));
  const integration: IntegrationEvent[] = [];
  const integrate = (event: IntegrationEvent) => void integration.push(event);
  const result =
    mode === 'transaction'
      ? await deps.sequelize.transaction(async (transaction) => {
          const outbox = outboxOf(deps, transaction, events, integration);
          const store = deps.messageStores.forTransaction(transaction);
          // What was emitted before a message is written goes to the outbox first: a chat's webhooks keep its order (chat.created before its first message).
          const messages = outbox ? { read: store.read.bind(store), write: async (batch: BatchWrite) => (await outbox(), store.write(batch)) } : store;
          const done = await fn({ models: deps.models, transaction, actor, emit, integrate, messages });
          await outbox?.();
          return done;
        })
      : await fn({ models: deps.models, actor, emit });
  if (events.length > 0) await deps.bus.publishMany(events);
  return result;
}

/** Writes what was emitted since the last call to the webhook outbox, in the transaction; null without an outbox. */
function outboxOf(deps: UnitOfWorkDeps, transaction: Transaction, events: BusEvent[], integration: IntegrationEvent[]) {
  const write = deps.outbox;
  if (!write) return null;
  let doneEvents = 0;
  let doneIntegration = 0;
  return async () => {
    if (doneEvents === events.length && doneIntegration === integration.length) return;
    const newEvents = events.slice(doneEvents);
    const newIntegration = integration.slice(doneIntegration);
    doneEvents = events.length;
    doneIntegration = integration.length;
    await write(transaction, newEvents, newIntegration);
  };
}
