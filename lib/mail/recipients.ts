import type { Models } from '../db/models/index.js';

/** The active agents assigned to a website; when it has none, the super admins (the message must reach someone). */
export async function agentsOfClient(models: Models, clientId: number): Promise<string[]> {
  const links = await models.ClientAgent.findAll({ where: { client_id: clientId }, attributes: ['user_id'] });
  const agents = links.length
    ? await models.User.findAll({ where: { id: links.map((l) => l.user_id), is_active: true }, attributes: ['email'], order: [['id', 'ASC']] })
    : [];
  if (agents.length) return agents.map((a) => a.email);
  return superAdmins(models);
}

export async function superAdmins(models: Models): Promise<string[]> {
  const admins = await models.User.findAll({ where: { role: 'super_admin', is_active: true }, attributes: ['email'], order: [['id', 'ASC']] });
  return admins.map((a) => a.email);
}

/**
 * Whether a visitor is away from the website now: their latest visit is over (no live widget
 * connection once the grace period passed). A reply they cannot see live goes by e-mail.
 */
export async function visitorIsAway(models: Models, visitorId: number): Promise<boolean> {
  const latest = await models.VisitorSession.findOne({ where: { visitor_id: visitorId }, order: [['id', 'DESC']], attributes: ['is_online'] });
  return !latest || !latest.is_online;
}
