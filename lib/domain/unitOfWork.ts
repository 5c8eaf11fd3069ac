import type { Sequelize } from 'sequelize';
import type { Models } from '../db/models/index.js';
import type { EventBus } from '../events/bus.js';
import type { BusEvent } from '../protocol/events.js';
import type { DomainEvent, PresentEvent } from './events.js';
import type { Actor, DomainContext } from './types.js';
import type { MessageStores } from './chats/messageStore.js';

export interface UnitOfWorkDeps {
  sequelize: Sequelize;
  models: Models;
  /** Where the events go after the commit (the CLI passes one that tells the running servers). */
  bus: Pick<EventBus, 'publishMany'>;
  /** What the domain emits -> what the bus carries (lib/presenters/events.ts; the domain does not present). */
  present: PresentEvent;
  /** Needed by operations that store a chat message (chat.start, a greeting, a shared file). */
  messageStores: Pick<MessageStores, 'forTransaction'>;
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
  const result =
    mode === 'transaction'
      ? await deps.sequelize.transaction((transaction) =>
          fn({ models: deps.models, transaction, actor, emit, messages: deps.messageStores.forTransaction(transaction) }),
        )
      : await fn({ models: deps.models, actor, emit });
  if (events.length > 0) await deps.bus.publishMany(events);
  return result;
}
