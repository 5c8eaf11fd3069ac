import type { Models } from '../../db/models/index.js';
import type { EventBus } from '../../events/bus.js';
import type { BusEvent } from '../../protocol/events.js';
import type { DomainEvent, PresentEvent } from '../events.js';
import { createBatchedUnitOfWork } from '../batchedUnitOfWork.js';
import { sendMessages, type SendOutcome, type SendRequest } from './sendMessages.js';
import type { MessageStores } from './messageStore.js';

/**
 * Socket sends with group commit: under load many sends share one transaction, one fsync and a
 * fixed set of statements; alone, a send is committed at once, as a batch of one. Should a batch
 * fail, its sends are retried one by one (each a batch of one), so each gets its own answer. The
 * answer is the stored message (or the first one, for a resend), or the reason it was refused.
 */
export function createMessagePipeline(deps: { models: Models; bus: Pick<EventBus, 'publishMany'>; present: PresentEvent }, stores: MessageStores, onBatchError?: (err: unknown, size: number) => void) {
  const system = { type: 'system' } as const;
  const batch = (emit: (e: DomainEvent) => void, requests: SendRequest[]) =>
    stores.run((store, transaction) => sendMessages({ models: deps.models, transaction, actor: system, emit }, store, requests));
  // A send that fails here rejects its own call (batchedUnitOfWork hands the rejection to it), and send() throws it.
  const one = async (request: SendRequest): Promise<SendOutcome> => {
    const events: BusEvent[] = [];
    const [outcome] = await batch((e) => events.push(deps.present(e)), [request]);
    await deps.bus.publishMany(events);
    return outcome;
  };
  const batched = createBatchedUnitOfWork<SendRequest, SendOutcome>(deps, batch, one, {
    maxBatch: 256,
    concurrency: stores.concurrency,
    onBatchError,
    failsAll: stores.unavailable,
  });
  return {
    async send(request: SendRequest) {
      const outcome = await batched.run(request);
      if (!outcome.ok) throw outcome.error;
      return outcome;
    },
    close: () => stores.close(),
  };
}

export type MessagePipeline = ReturnType<typeof createMessagePipeline>;
