import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { notFound } from '../../errors.js';

/** A user by id or e-mail (what sysadmins type on the command line). */
export async function findUser(models: Models, ref: string | number) {
  const text = String(ref).trim();
  const asId = /^\d+$/.test(text) ? Number(text) : -1;
  const user = await models.User.findOne({ where: { [Op.or]: [{ id: asId }, { email: text.toLowerCase() }] } });
  if (!user) throw notFound(`agent "${text}"`);
  return user;
}
