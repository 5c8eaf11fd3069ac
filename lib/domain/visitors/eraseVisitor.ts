import crypto from 'node:crypto';
import { Op, cast, col, where } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { VisitorRow } from '../../db/models/visitor.js';
import { recordAudit } from '../audit/recordAudit.js';
import { purgeErasedSearchTerms } from '../../db/searchIndexes.js';

export const ERASED_TEXT = '[erased]';

/** Rows holding the value anywhere (a `%` or `_` in it matches more, never less: erasing more is safe). */
const likeLiteral = (s: string) => `%${s}%`;

/**
 * Erases a visitor (GDPR): their name, e-mail, phone, address and pages go; the text of every
 * message of their chats (theirs and the agents' answers, which quote them) becomes "[erased]";
 * their files are unlinked (the paths are returned, deleted once this commits); edit history,
 * rating comments, notifications and webhook payloads about them go. The rows themselves stay,
 * so the reports (chats, messages, ratings, response times) keep their figures.
 */
export async function eraseVisitor(ctx: DomainContext, visitor: VisitorRow): Promise<{ files: string[]; chats: number }> {
  const { models, transaction } = ctx;
  const chats = await models.Chat.findAll({ where: { visitor_id: visitor.id }, attributes: ['id'], transaction });
  const chatIds = chats.map((c) => c.id);
  const withFiles = await models.Message.findAll({ where: { chat_id: chatIds, file_path: { [Op.ne]: null } }, attributes: ['file_path'], transaction });
  const files = withFiles.map((m) => m.file_path!);
  const known = [visitor.name, visitor.email, visitor.phone].filter((v): v is string => !!v && v.length >= 3);

  if (chatIds.length) {
    await models.Message.update({ body: ERASED_TEXT }, { where: { chat_id: chatIds, message_type: { [Op.ne]: 'system' }, body: { [Op.ne]: null } }, transaction });
    await models.Message.update({ file_path: null, file_name: ERASED_TEXT, file_deleted_at: new Date() }, { where: { chat_id: chatIds, file_path: { [Op.ne]: null } }, transaction });
    await models.MessageChange.destroy({ where: { chat_id: chatIds }, transaction });
    await models.Chat.update({ rating_comment: null }, { where: { id: chatIds }, transaction });
    await models.WebhookDelivery.update({ payload: JSON.stringify({ erased: true }) }, { where: { chat_id: chatIds }, transaction });
  }
  // What names them elsewhere: notifications (the bell's "Vera is waiting"), other webhook payloads, audit details.
  for (const value of known) {
    const like = { [Op.like]: likeLiteral(value) };
    // JSON columns are matched as their text (a JSON `where` would be read as a path query).
    const jsonHolds = (column: string) => where(cast(col(column), 'CHAR'), Op.like, likeLiteral(value));
    await models.Notification.destroy({ where: jsonHolds('data'), transaction });
    await models.WebhookDelivery.update({ payload: JSON.stringify({ erased: true }) }, { where: { payload: like }, transaction });
    await models.AuditLog.update({ details: { erased: true } }, { where: jsonHolds('details'), transaction });
  }
  const sessions = await models.VisitorSession.findAll({ where: { visitor_id: visitor.id }, attributes: ['id'], transaction });
  if (sessions.length) {
    await models.PageVisit.update({ page_url: ERASED_TEXT, page_title: null }, { where: { visitor_session_id: sessions.map((s) => s.id) }, transaction });
    await models.VisitorSession.update({ referrer_url: null, landing_page: null, current_page: null, utm: null }, { where: { visitor_id: visitor.id }, transaction });
  }
  await models.Visitor.update(
    { name: null, email: null, phone: null, ip_address: null, city: null, visitor_key: `erased-${crypto.randomUUID()}` },
    { where: { id: visitor.id }, transaction },
  );
  await purgeErasedSearchTerms(models.Visitor.sequelize!, transaction);
  await recordAudit(ctx, { action: 'visitor.erased', targetType: 'visitor', targetId: visitor.id, clientId: visitor.client_id, details: { chats: chatIds.length, files: files.length } });
  return { files, chats: chatIds.length };
}
