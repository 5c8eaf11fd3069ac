import type { Logger } from '../logger.js';

interface QueueItem {
  /** For the logs: what this e-mail is ("transcript of chat 12"). */
  label: string;
  /** One attempt; throws to be retried. */
  attempt(): Promise<void>;
}

interface MailQueueOptions {
  logger: Logger;
  maxAttempts: number;
  /** The wait before the first retry; doubled for each further one (with jitter), at most an hour. */
  retryDelayMs: number;
  concurrency?: number;
}

const MAX_DELAY_MS = 60 * 60 * 1000;

/**
 * An in-process queue with retries and exponential backoff. enqueue() returns at once, so a chat
 * never waits for a mail server; a failure is retried, and logged as an error when given up.
 * (It lives in memory: mail still queued when the process stops is logged as dropped.)
 */
export function createMailQueue(options: MailQueueOptions) {
  const { logger } = options;
  const concurrency = options.concurrency ?? 2;
  const ready: { item: QueueItem; attempts: number }[] = [];
  const waiting = new Map<NodeJS.Timeout, { item: QueueItem; attempts: number }>();
  let active = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();

  const pending = () => ready.length + waiting.size + active;
  const notifyIfIdle = () => {
    if (pending() === 0) for (const resolve of idleWaiters) resolve();
  };

  const delayFor = (attempts: number) => {
    const base = Math.min(MAX_DELAY_MS, options.retryDelayMs * 2 ** (attempts - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  const pump = () => {
    while (!closed && active < concurrency && ready.length > 0) {
      const entry = ready.shift()!;
      active++;
      void run(entry);
    }
    notifyIfIdle();
  };

  const run = async (entry: { item: QueueItem; attempts: number }) => {
    entry.attempts++;
    try {
      await entry.item.attempt();
      if (entry.attempts > 1) logger.info({ mail: entry.item.label, attempts: entry.attempts }, 'mail sent after retrying');
    } catch (err) {
      if (entry.attempts >= options.maxAttempts || closed) {
        logger.error({ mail: entry.item.label, attempts: entry.attempts, err }, 'mail given up');
      } else {
        const delay = delayFor(entry.attempts);
        logger.warn({ mail: entry.item.label, attempts: entry.attempts, retryInMs: delay, err: (err as Error).message }, 'mail failed, will retry');
        const timer = setTimeout(() => {
          waiting.delete(timer);
          ready.push(entry);
          pump();
        }, delay);
        waiting.set(timer, entry);
      }
    } finally {
      active--;
      pump();
    }
  };

  return {
    enqueue(item: QueueItem) {
      if (closed) {
        logger.warn({ mail: item.label }, 'mail dropped: shutting down');
        return;
      }
      ready.push({ item, attempts: 0 });
      pump();
    },
    /** How many e-mails are queued, being sent or waiting for a retry. */
    pending,
    /** Resolves when nothing is left (or after timeoutMs), with how many are still left. */
    async drain(timeoutMs = 30_000): Promise<number> {
      if (pending() === 0) return 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          idleWaiters.delete(done);
          resolve();
        }
        idleWaiters.add(done);
      });
      return pending();
    },
    /** Stops retrying; what is still waiting is logged as dropped. */
    close() {
      closed = true;
      for (const [timer, entry] of waiting) {
        clearTimeout(timer);
        logger.warn({ mail: entry.item.label, attempts: entry.attempts }, 'mail dropped: shutting down before its retry');
      }
      waiting.clear();
      for (const entry of ready.splice(0)) logger.warn({ mail: entry.item.label }, 'mail dropped: shutting down');
      notifyIfIdle();
    },
  };
}

export type MailQueue = ReturnType<typeof createMailQueue>;
