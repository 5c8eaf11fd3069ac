import { createBatchedUnitOfWork } from '../domain/batchedUnitOfWork.js';
import { sendMessages, type SendRequest, type SendOutcome } from '../domain/chats/sendMessages.js';
import { sendMessage } from '../domain/chats/sendMessage.js';
import { withUnitOfWork, type UnitOfWorkDeps } from '../domain/unitOfWork.js';

/**
 * The message path with group commit: under load many sends share one transaction, one fsync
 * and a handful of statements; alone, a send is committed at once. SQLite has one writer, so
 * there one batch runs at a time. The answer is the stored message, or the reason it was refused.
 */
export function createMessageSender(deps: UnitOfWorkDeps, dialect: 'sqlite' | 'mysql', onBatchError?: (err: unknown, size: number) => void) {
  const one = (req: SendRequest): Promise<SendOutcome> =>
    withUnitOfWork(deps, { type: 'system' }, (ctx) => sendMessage(ctx, req.sender, req.input)).then(
      (r) => ({ ok: true as const, message: r.message, duplicate: r.duplicate }),
      (error) => ({ ok: false as const, error }),
    );
  const batched = createBatchedUnitOfWork<SendRequest, SendOutcome>(deps, sendMessages, one, {
    maxBatch: 256,
    concurrency: dialect === 'sqlite' ? 1 : 2,
    onBatchError,
  });
  return {
    async send(req: SendRequest) {
      const outcome = await batched.run(req);
      if (!outcome.ok) throw outcome.error;
      return outcome;
    },
  };
}

export type MessageSender = ReturnType<typeof createMessageSender>;
