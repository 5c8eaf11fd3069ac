import type { Models } from '../../db/models/index.js';
import { triggerCounts } from '../../db/triggers/triggerCounts.js';

/** A website's triggers in the order they are tried, each with its shown/accepted/chat-started counts. */
export async function listTriggers(models: Models, clientId: number) {
  const rows = await models.Trigger.findAll({ where: { client_id: clientId }, order: [['priority', 'ASC'], ['id', 'ASC']] });
  const counts = await triggerCounts(models.Trigger.sequelize!, rows.map((r) => r.id));
  return rows.map((row) => ({ row, counts: counts.get(row.id) ?? { shown: 0, accepted: 0, chatsStarted: 0 } }));
}
