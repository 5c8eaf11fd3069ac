import type { Database } from '../db/index.js';
import type { UnitOfWorkDeps } from '../domain/unitOfWork.js';
import type { EventBus } from '../events/bus.js';
import { presentEvent } from '../presenters/events.js';

/**
 * What every unit of work of a process needs, built the one way: the database, where the events go
 * after the commit, and how what the domain emits becomes the protocol's events (the presenters).
 */
export function unitOfWorkDeps(db: Pick<Database, 'sequelize' | 'models' | 'messageStores'>, bus: Pick<EventBus, 'publishMany'>): UnitOfWorkDeps {
  return { sequelize: db.sequelize, models: db.models, bus, present: presentEvent, messageStores: db.messageStores };
}
