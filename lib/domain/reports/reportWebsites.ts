import type { Models } from '../../db/models/index.js';
import { forbidden, notFound } from '../../errors.js';

/**
 * The websites a report asks for, by id and name, once each is known to exist and to be visible
 * to the reader (`visible` null: all). A hidden website is refused, not silently dropped, so a
 * report never claims figures it does not hold.
 */
export async function reportWebsites(models: Models, asked: number[], visible: number[] | null): Promise<{ id: number; name: string }[]> {
  if (!asked.length) return [];
  const found = await models.Client.findAll({ where: { id: asked }, attributes: ['id', 'name'] });
  const unknown = asked.filter((id) => !found.some((c) => c.id === id));
  if (unknown.length) throw notFound(`website (id ${unknown.join(', ')})`);
  const hidden = visible ? asked.filter((id) => !visible.includes(id)) : [];
  if (hidden.length) throw forbidden(`You may not see the figures of website ${hidden.join(', ')}: ask for your own websites only (or none, for all of yours).`);
  return asked.map((id) => ({ id, name: found.find((c) => c.id === id)!.name }));
}
