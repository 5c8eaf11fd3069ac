import { Op } from 'sequelize';
import type { Config } from '../config/schema.js';
import type { Models } from '../db/models/index.js';
import type { MessageRow } from '../db/models/message.js';

/** One line of a chat as an e-mail shows it. */
interface ConversationLine {
  time: string;
  who: string;
  body: string;
  fromVisitor: boolean;
  fromAgent: boolean;
  system: boolean;
}

/** The system lines a visitor's copy keeps: who joined, and how the chat ended. The rest is noise to them. */
export const isJoinOrClose = (body: string | null) => !!body && (/ joined the chat$/.test(body) || /^Chat closed by /.test(body));

const formatBytes = (bytes: number | null) => (bytes === null ? '' : bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

function timeFormatter(config: Pick<Config, 'jobs'>) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: config.jobs.timezone, dateStyle: 'medium', timeStyle: 'short' });
  return (at: Date) => `${format.format(at)}${config.jobs.timezone === 'UTC' ? ' UTC' : ''}`;
}

/**
 * A chat's messages for an e-mail, oldest first: never internal notes; system lines only when
 * `keepSystem` says so; files by name and size ("expired" once the file-expiry job removed them).
 */
export async function conversationOf(
  models: Models,
  config: Pick<Config, 'jobs'>,
  chat: { id: number },
  visitorName: string,
  options: { keepSystem: (body: string | null) => boolean; upToSeq?: number; last?: number },
): Promise<ConversationLine[]> {
  const where: Record<string | symbol, unknown> = { chat_id: chat.id, is_internal: false };
  if (options.upToSeq !== undefined) where.seq = { [Op.lte]: options.upToSeq };
  const rows: MessageRow[] = (await models.Message.findAll({ where, order: [['seq', options.last ? 'DESC' : 'ASC']], limit: options.last })).map((m) => m.get({ plain: true }) as MessageRow);
  if (options.last) rows.reverse();
  const agentIds = [...new Set(rows.filter((r) => r.sender_type === 'agent' && r.sender_id).map((r) => r.sender_id!))];
  const agents = agentIds.length ? await models.User.findAll({ where: { id: agentIds }, attributes: ['id', 'pseudo_name'] }) : [];
  const names = new Map(agents.map((a) => [a.id, a.pseudo_name]));
  const time = timeFormatter(config);
  const lines: ConversationLine[] = [];
  for (const row of rows) {
    if (row.message_type === 'system' || row.sender_type === 'system') {
      if (options.keepSystem(row.body)) lines.push({ time: time(new Date(row.created_at)), who: '', body: row.body ?? '', fromVisitor: false, fromAgent: false, system: true });
      continue;
    }
    const body =
      row.message_type === 'file'
        ? `File: ${row.file_name ?? 'file'}${row.file_size !== null ? ` (${formatBytes(row.file_size)})` : ''}${row.file_deleted_at ? ', expired' : ''}`
        : (row.body ?? '');
    const who = row.sender_type === 'agent' ? (names.get(row.sender_id!) ?? 'Agent') : visitorName;
    lines.push({ time: time(new Date(row.created_at)), who, body, fromVisitor: row.sender_type === 'visitor', fromAgent: row.sender_type === 'agent', system: false });
  }
  return lines;
}
