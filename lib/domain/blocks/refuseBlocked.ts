import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { AppError } from '../../errors.js';
import { ipInRanges } from './ipRange.js';

/** The blocks of a website, newest first (the dashboard's list). */
export const listBlocks = (models: Models, clientId: number) => models.VisitorBlock.findAll({ where: { client_id: clientId }, order: [['id', 'DESC']] });

/** Whether a website blocks this visitor, by their id or by the address they call from. */
export async function isBlocked(models: Models, who: { clientId: number; visitorId: number | null; ip: string | null }, transaction?: Transaction): Promise<boolean> {
  const rows = await models.VisitorBlock.findAll({
    where: { client_id: who.clientId, [Op.or]: [...(who.visitorId ? [{ visitor_id: who.visitorId }] : []), { ip_range: { [Op.ne]: null } }] },
    attributes: ['visitor_id', 'ip_range'],
    transaction,
  });
  if (who.visitorId && rows.some((r) => r.visitor_id === who.visitorId)) return true;
  return ipInRanges(who.ip, rows.map((r) => r.ip_range).filter((r): r is string => r !== null));
}

export const visitorBlocked = () => new AppError('visitor_blocked', 'This website does not accept chats from you.', 403);

/** Refuses a blocked visitor with a clear error (403 visitor_blocked): widget session, chat start, messages. */
export async function refuseBlocked(models: Models, who: { clientId: number; visitorId: number | null; ip: string | null }, transaction?: Transaction): Promise<void> {
  if (await isBlocked(models, who, transaction)) throw visitorBlocked();
}
