import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/**
 * The plan's note form: a message that starts with `@` and the pseudo name of an agent of this
 * website ("@Sam can you take this?") is a note between agents, never shown to the visitor.
 */
export async function isInternalNote(models: Models, clientId: number, body: string, transaction?: Transaction): Promise<boolean> {
  if (!body.startsWith('@')) return false;
  const rows = await models.ClientAgent.findAll({ where: { client_id: clientId }, attributes: ['user_id'], transaction });
  const admins = await models.User.findAll({ where: { role: 'super_admin', is_active: true }, attributes: ['id'], transaction });
  const ids = [...rows.map((r) => r.user_id), ...admins.map((a) => a.id)];
  if (ids.length === 0) return false;
  const agents = await models.User.findAll({ where: { id: ids }, attributes: ['pseudo_name'], transaction });
  const text = body.slice(1).toLowerCase();
  return agents.some((a) => {
    const name = a.pseudo_name.toLowerCase();
    return text.startsWith(name) && (text.length === name.length || /[\s,:]/.test(text[name.length]));
  });
}
