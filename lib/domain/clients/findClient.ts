import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { notFound } from '../../errors.js';

/** A client by id, widget key or exact name (what sysadmins type on the command line). */
export async function findClient(models: Models, ref: string | number) {
  const text = String(ref).trim();
  const asId = /^\d+$/.test(text) ? Number(text) : -1;
  const client = await models.Client.findOne({ where: { [Op.or]: [{ id: asId }, { widget_key: text }, { name: text }] } });
  if (!client) throw notFound(`client "${text}"`);
  return client;
}
