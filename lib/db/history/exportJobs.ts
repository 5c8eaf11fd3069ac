import { QueryTypes, type Sequelize } from 'sequelize';
import type { HistoryFilter } from './historyFilter.js';

export type ExportStatus = 'running' | 'done' | 'failed';

export interface ExportJob {
  id: number;
  userId: number;
  format: 'csv' | 'xlsx';
  withMessages: boolean;
  filter: HistoryFilter;
  status: ExportStatus;
  doneChats: number;
  totalChats: number;
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

type Row = Record<string, unknown>;

/** The filter as stored (JSON), its dates as ISO text. */
const reviveFilter = (text: string): HistoryFilter => {
  const f = JSON.parse(text) as HistoryFilter & { from?: string; to?: string };
  return { ...f, from: f.from ? new Date(f.from) : undefined, to: f.to ? new Date(f.to) : undefined };
};

const toJob = (r: Row): ExportJob => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  format: r.format as ExportJob['format'],
  withMessages: Boolean(Number(r.with_messages)),
  filter: reviveFilter(String(r.filter)),
  status: r.status as ExportStatus,
  doneChats: Number(r.done_chats),
  totalChats: Number(r.total_chats),
  bytes: r.bytes == null ? null : Number(r.bytes),
  error: r.error == null ? null : String(r.error),
  createdAt: new Date(r.created_at as string),
  finishedAt: r.finished_at == null ? null : new Date(r.finished_at as string),
});

/** The history_exports table (migration 20261203160000-history-exports), in plain statements. */
export function exportJobs(sequelize: Sequelize) {
  const run = (sql: string, values: unknown[]) => sequelize.query(sql, { replacements: values });
  return {
    async create(job: Pick<ExportJob, 'userId' | 'format' | 'withMessages' | 'filter'>, now: Date): Promise<ExportJob> {
      const [id] = await sequelize.query('INSERT INTO history_exports (user_id, format, with_messages, filter, status, done_chats, total_chats, created_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?)', {
        replacements: [job.userId, job.format, job.withMessages, JSON.stringify(job.filter), 'running', now],
        type: QueryTypes.INSERT,
      });
      return (await this.find(Number(id)))!;
    },
    async find(id: number): Promise<ExportJob | null> {
      const [row] = await sequelize.query<Row>('SELECT * FROM history_exports WHERE id = ?', { replacements: [id], type: QueryTypes.SELECT });
      return row ? toJob(row) : null;
    },
    progress: (id: number, done: number, total: number) => run('UPDATE history_exports SET done_chats = ?, total_chats = ? WHERE id = ?', [done, total, id]),
    finish: (id: number, done: number, bytes: number, now: Date) => run("UPDATE history_exports SET status = 'done', done_chats = ?, total_chats = ?, bytes = ?, finished_at = ? WHERE id = ?", [done, done, bytes, now, id]),
    fail: (id: number, error: string, now: Date) => run("UPDATE history_exports SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", [error, now, id]),
  };
}

export type ExportJobs = ReturnType<typeof exportJobs>;
