import type { Database } from '../db/index.js';
import type { UnitOfWorkDeps } from '../domain/unitOfWork.js';
import type { EventBus } from '../events/bus.js';
import { presentEvent } from '../presenters/events.js';
import { webhookBody, webhookItems } from '../presenters/webhooks.js';
import { recordOutbox } from '../domain/webhooks/recordOutbox.js';

/**
 * What every unit of work of a process needs, built the one way: the database, where the events go
 * after the commit, how what the domain emits becomes the protocol's events (the presenters), and
 * the webhook outbox written in the same transaction.
 */
export function unitOfWorkDeps(db: Pick<Database, 'sequelize' | 'models' | 'messageStores'>, bus: Pick<EventBus, 'publishMany'>): UnitOfWorkDeps {
  return {
    sequelize: db.sequelize,
    models: db.models,
    bus,
    present: presentEvent,
    messageStores: db.messageStores,
    outbox: (transaction, events, integration) =>
      recordOutbox(
        db.models,
        transaction,
        webhookItems(events, integration).map((item) => ({ ...item, body: (eventId: string, time: Date) => webhookBody(eventId, item.type, time, item.clientId, item.data) })),
      ),
  };
}
