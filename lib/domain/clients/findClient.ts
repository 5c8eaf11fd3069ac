import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { invalid, notFound } from '../../errors.js';

/**
 * A client by id, widget key or exact name (what sysadmins type on the command line). Ids and
 * keys are unique and win over names; names are not unique, so two websites with the same name
 * are refused rather than one picked at random (a snippet or a disable must hit the right site).
 */
export async function findClient(models: Models, ref: string | number) {
  const text = String(ref).trim();
  const asId = /^\d+$/.test(text) ? Number(text) : -1;
  const matches = await models.Client.findAll({ where: { [Op.or]: [{ id: asId }, { widget_key: text }, { name: text }] }, order: [['id', 'ASC']] });
  const unique = matches.find((c) => c.id === asId) ?? matches.find((c) => c.widget_key === text);
  if (unique) return unique;
  if (matches.length > 1) {
    throw invalid(`${matches.length} clients are named "${text}" (ids ${matches.map((c) => c.id).join(', ')}): give the id or the widget key instead.`);
  }
  if (!matches[0]) throw notFound(`client "${text}"`);
  return matches[0];
}
