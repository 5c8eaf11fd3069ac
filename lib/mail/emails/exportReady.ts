import { exportJobs } from '../../db/history/exportJobs.js';
import { renderEmail } from '../templates.js';
import type { BuiltMail, EmailDeps } from './types.js';

/** A background export of the chat history is done -> the user who started it, with the download link. */
export async function exportReadyEmail({ models, config }: EmailDeps, exportId: number): Promise<BuiltMail | null> {
  const job = await exportJobs(models.User.sequelize!).find(exportId);
  if (!job || job.status !== 'done') return null;
  const user = await models.User.findByPk(job.userId, { attributes: ['email', 'name', 'is_active'] });
  if (!user || !user.is_active) return null;
  const view = {
    name: user.name,
    chats: `${job.doneChats.toLocaleString('en-US')} chat${job.doneChats === 1 ? '' : 's'}`,
    format: job.format === 'xlsx' ? 'Excel' : 'CSV',
    link: new URL(`/api/history/exports/${job.id}/file`, config.publicUrl).toString(),
    exportId: job.id,
  };
  return { dedupeKey: `export-ready:${job.id}`, mail: { to: [user.email], subject: `Your chat history export is ready (${view.chats})`, ...renderEmail('export-ready', view) } };
}
