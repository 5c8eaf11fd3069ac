import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/index.js';
import type { HistoryFilter } from '../db/history/historyFilter.js';
import { exportJobs, type ExportJob } from '../db/history/exportJobs.js';
import { exportHistory } from '../domain/history/exportHistory.js';
import type { ExportFormat } from '../domain/history/exportWriters.js';
import type { Logger } from '../logger.js';

/** The progress row is written at most this often: a poll sees it move, the database is not kept busy. */
const PROGRESS_EVERY_MS = 1000;

export interface HistoryExportsDeps {
  db: Database;
  /** Where finished files are kept (<data dir>/exports). */
  dir: string;
  logger: Logger;
  /** Told when an export's file is ready (the e-mail with the link). */
  onReady?: (job: ExportJob) => void;
}

/**
 * Exports of the chat history that run in the background: the request that starts one returns at
 * once, the dashboard polls its progress (any node reads it from the database) and downloads the
 * file when it is done. The file is written under a temporary name and renamed when complete.
 * Stopping the server stops the running ones between pages and marks them failed.
 */
export function createHistoryExports(deps: HistoryExportsDeps) {
  const jobs = exportJobs(deps.db.sequelize);
  const logger = deps.logger.child({ component: 'history-exports' });
  const running = new Set<Promise<void>>();
  const stop = new AbortController();
  const fileOf = (job: Pick<ExportJob, 'id' | 'format'>) => path.join(deps.dir, `history-export-${job.id}.${job.format}`);

  async function run(job: ExportJob): Promise<void> {
    const file = fileOf(job);
    const partial = `${file}.partial`;
    let written = 0;
    try {
      fs.mkdirSync(deps.dir, { recursive: true, mode: 0o750 });
      const { chats } = await exportHistory(deps.db.sequelize, job.filter, fs.createWriteStream(partial, { mode: 0o640 }), {
        format: job.format,
        withMessages: job.withMessages,
        signal: stop.signal,
        onProgress(done, total) {
          if (done !== 0 && done !== total && Date.now() - written < PROGRESS_EVERY_MS) return;
          written = Date.now();
          jobs.progress(job.id, done, total).catch((err: unknown) => logger.warn({ err, exportId: job.id }, 'could not record export progress'));
        },
      });
      fs.renameSync(partial, file);
      await jobs.finish(job.id, chats, fs.statSync(file).size, new Date());
      logger.info({ exportId: job.id, chats }, 'history export done');
      deps.onReady?.((await jobs.find(job.id))!);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      const reason = stop.signal.aborted ? 'the server stopped during the export' : (err as Error).message;
      logger.error({ err, exportId: job.id }, 'history export failed');
      await jobs.fail(job.id, `The export failed (${reason}). Start it again; if it fails again, the server log says more.`, new Date()).catch(() => {});
    }
  }

  return {
    /** Records the export and starts it; resolves with its row as soon as it is recorded. */
    async start(input: { userId: number; filter: HistoryFilter; format: ExportFormat; withMessages: boolean }): Promise<ExportJob> {
      const job = await jobs.create(input, new Date());
      const task = run(job).finally(() => running.delete(task));
      running.add(task);
      return job;
    },
    find: (id: number) => jobs.find(id),
    fileOf,
    /** Stops the running exports (between pages) and waits for them to record that they stopped. */
    async close(): Promise<void> {
      stop.abort(new Error('the server is stopping'));
      await Promise.allSettled([...running]);
    },
  };
}

export type HistoryExports = ReturnType<typeof createHistoryExports>;
