import type { Models } from '../../db/models/index.js';
import type { VisitorRow } from '../../db/models/visitor.js';

/** One file of the export: its path in the ZIP and the stored path (relative to storage/) it is read from. */
export interface ExportedFile {
  zipPath: string;
  storedPath: string;
}

/** Rows as plain objects (the columns, not the model instance). */
const plain = <T>(rows: T[]): T[] => rows.map((r) => (r as unknown as { get(options: { plain: true }): T }).get({ plain: true }));

/**
 * Everything held about a visitor (GDPR access request): the profile, every visit with its pages,
 * every chat with its messages, edits and rating, and the files shared in them. What is written
 * to the ZIP (the transport packs it): one JSON document per part, and the files as they are.
 */
export async function exportVisitorData(models: Models, visitor: VisitorRow) {
  const sessions = await models.VisitorSession.findAll({ where: { visitor_id: visitor.id }, order: [['id', 'ASC']] });
  const pages = sessions.length ? await models.PageVisit.findAll({ where: { visitor_session_id: sessions.map((s) => s.id) }, order: [['id', 'ASC']] }) : [];
  const chats = await models.Chat.findAll({ where: { visitor_id: visitor.id }, order: [['id', 'ASC']] });
  const chatIds = chats.map((c) => c.id);
  const messages = chatIds.length ? await models.Message.findAll({ where: { chat_id: chatIds }, order: [['chat_id', 'ASC'], ['seq', 'ASC']] }) : [];
  const changes = chatIds.length ? await models.MessageChange.findAll({ where: { chat_id: chatIds }, order: [['id', 'ASC']] }) : [];
  const files: ExportedFile[] = messages
    .filter((m) => m.file_path)
    .map((m) => ({ zipPath: `files/${m.chat_id}/${m.id}-${(m.file_name ?? 'file').replace(/[\\/]/g, '_')}`, storedPath: m.file_path! }));
  const documents = {
    'visitor.json': plain([visitor])[0],
    'sessions.json': plain(sessions).map((s) => ({ ...s, pages: plain(pages).filter((p) => p.visitor_session_id === s.id) })),
    'chats.json': plain(chats).map((c) => ({
      ...c,
      messages: plain(messages).filter((m) => m.chat_id === c.id),
      changes: plain(changes).filter((ch) => ch.chat_id === c.id),
    })),
  };
  return { documents, files };
}
