import type { Transaction } from 'sequelize';
import type { Models } from '../db/models/index.js';
import type { DomainEvent } from './events.js';
import type { MessageBatchStore } from './chats/messageStore.js';
import type { IntegrationEvent } from './webhooks/integrationEvents.js';

/** Who is doing something: a signed-in user, the CLI (a sysadmin on the machine), or the system itself. */
export type Actor =
  | { type: 'user'; id: number; ip?: string | null }
  | { type: 'visitor'; id: number; clientId: number; ip?: string | null }
  | { type: 'cli' }
  | { type: 'system' };

/** What a domain operation gets: the models, and the transaction it runs in when the caller opened one. */
export interface DomainContext {
  models: Models;
  transaction?: Transaction;
  actor: Actor;
  /**
   * Queues an event to publish after commit. Required: a context is made by withUnitOfWork
   * (lib/domain/unitOfWork.ts) and nowhere else, so no caller can open a transaction whose
   * events go nowhere (a hand-made context without it once dropped them without a word).
   */
  emit: (event: DomainEvent) => void;
  /**
   * Records an event for the integrations (the webhook outbox) in this transaction. Absent outside
   * a transaction: there is no outbox to write to then.
   */
  integrate?: (event: IntegrationEvent) => void;
  /** Where messages are stored in this transaction (the message pipeline; see withUnitOfWork). */
  messages?: MessageBatchStore;
}
