import type { Models } from '../../db/models/index.js';
import { notFound } from '../../errors.js';

/** A website by id, or 404. */
export async function getClient(models: Models, clientId: number) {
  const client = await models.Client.findByPk(clientId);
  if (!client) throw notFound('client');
  return client;
}
