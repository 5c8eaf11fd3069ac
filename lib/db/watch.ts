import type { Logger } from '../logger.js';
import type { DatabaseProbe } from './probe.js';
import { isDatabaseUnavailable } from './unavailable.js';

export interface DatabaseWatch {
  /** A request failed because the database did not answer: logged once, then probed until it is back. */
  failed(err: unknown): void;
  /** An error of background work: an outage goes to failed() (logged once), anything else to `log`. */
  report(err: unknown, log: () => void): void;
  isDown(): boolean;
  close(): void;
}

/**
 * One log line per state change instead of one per failed request (a 15 s outage under load
 * wrote 10–13 MB of the same error): the first failure logs "not answering" and starts probing
 * every intervalMs on the probe's own connection; the first probe that answers logs "back".
 */
export function watchDatabase(probe: DatabaseProbe, logger: Logger, options: { intervalMs: number; probeTimeoutMs: number }): DatabaseWatch {
  let downSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const check = () => {
    timer = null;
    probe(options.probeTimeoutMs).then(
      () => {
        if (downSince === null) return;
        logger.warn({ downForMs: Date.now() - downSince }, 'the database answers again');
        downSince = null;
      },
      () => {
        if (!closed) timer = setTimeout(check, options.intervalMs).unref();
      },
    );
  };
  const failed = (err: unknown) => {
    if (downSince !== null || closed) return;
    downSince = Date.now();
    logger.error({ err: (err as Error)?.message ?? String(err) }, 'the database is not answering: requests are answered `unavailable` until it is back');
    timer = setTimeout(check, options.intervalMs).unref();
  };
  return {
    failed,
    report: (err, log) => (isDatabaseUnavailable(err) ? failed(err) : log()),
    isDown: () => downSince !== null,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
