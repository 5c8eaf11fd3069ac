import type { Sequelize } from 'sequelize';
import type { Models } from '../db/models/index.js';
import type { EventBus } from '../events/bus.js';
import type { BusEvent } from '../protocol/events.js';
import type { Actor, DomainContext } from './types.js';
import type { MessageStores } from './chats/messageStore.js';

export interface UnitOfWorkDeps {
  sequelize: Sequelize;
  models: Models;
  bus: EventBus;
  /** Needed by operations that store a chat message (chat.start, a greeting, a shared file). */
  messageStores?: Pick<MessageStores, 'forTransaction'>;
}

/**
 * Runs a domain operation in one transaction and publishes the events it emitted only after the
 * commit: nobody hears of a message that a rollback would take back.
 */
export async function withUnitOfWork<T>(deps: UnitOfWorkDeps, actor: Actor, fn: (ctx: DomainContext) => Promise<T>): Promise<T> {
  const events: BusEvent[] = [];
  const result = await deps.sequelize.transaction((transaction) =>
    fn({ models: deps.models, transaction, actor, emit: (event) => events.push(event), messages: deps.messageStores?.forTransaction(transaction) }),
  );
  await deps.bus.publishMany(events);
  return result;
}
