import type { BusEvent } from '../protocol/events.js';
import type { EventBus } from '../events/bus.js';
import type { DomainEvent, PresentEvent } from './events.js';

interface Item<I, R> {
  input: I;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Group commit for a hot operation (sending messages): calls that arrive while commits are under
 * way are handed together to a batch operation in one transaction, so one fsync and a fixed
 * number of statements cover many of them. Each caller hears back only after the commit, and
 * events are published only after it. Should the batch itself fail, `fallback` runs its calls
 * one by one, so each still gets its own answer, unless `failsAll` says the failure would meet
 * every one of them too (the database is not answering): then each gets that error at once,
 * instead of waiting out the same bound one after another.
 */
export function createBatchedUnitOfWork<I, R>(
  { bus, present }: { bus: Pick<EventBus, 'publishMany'>; present: PresentEvent },
  /** Runs the inputs in one transaction it opens and commits; events go to `emit`, published after. */
  batchOperation: (emit: (event: DomainEvent) => void, inputs: I[]) => Promise<R[]>,
  fallback: (input: I) => Promise<R>,
  options: { maxBatch?: number; concurrency?: number; onBatchError?: (err: unknown, size: number) => void; failsAll?: (err: unknown) => boolean } = {},
) {
  const maxBatch = options.maxBatch ?? 64;
  const concurrency = options.concurrency ?? 4;
  const queue: Item<I, R>[] = [];
  let running = 0;

  async function runBatch(batch: Item<I, R>[]) {
    const events: BusEvent[] = [];
    let results: R[];
    try {
      results = await batchOperation(
        (e) => events.push(present(e)),
        batch.map((item) => item.input),
      );
    } catch (err) {
      if (options.failsAll?.(err)) return batch.forEach((item) => item.reject(err));
      options.onBatchError?.(err, batch.length);
      for (const item of batch) await fallback(item.input).then(item.resolve, item.reject);
      return;
    }
    await bus.publishMany(events);
    batch.forEach((item, i) => item.resolve(results[i]));
  }

  function pump() {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      running++;
      runBatch(batch)
        .catch((err) => batch.forEach((item) => item.reject(err)))
        .finally(() => {
          running--;
          pump();
        });
    }
  }

  return {
    run(input: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        pump();
      });
    },
  };
}
