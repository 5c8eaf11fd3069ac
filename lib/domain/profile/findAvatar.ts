import fs from 'node:fs';
import path from 'node:path';
import type { Models } from '../../db/models/index.js';
import { notFound } from '../../errors.js';

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** The file of a user's avatar and its type, or 404 when the user has none (or its file is gone). */
export async function findAvatar(models: Models, avatarsDir: string, userId: number) {
  const user = await models.User.findByPk(userId, { attributes: ['id', 'avatar'] });
  if (!user?.avatar) throw notFound('avatar');
  const file = path.join(avatarsDir, path.basename(user.avatar));
  if (!fs.existsSync(file)) throw notFound('avatar');
  return { file, mime: MIME[path.extname(file).slice(1)] ?? 'application/octet-stream' };
}
