import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { DomainContext } from '../types.js';
import { recordAudit } from '../audit/recordAudit.js';
import { invalid, notFound } from '../../errors.js';

const AVATAR_TYPES: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/**
 * Stores a user's avatar. The type is read from the bytes, never trusted from the upload's name or
 * header; the file name is ours (the user id), so nothing a user sends reaches the path.
 */
export async function setAvatar(ctx: DomainContext, input: { userId: number; bytes: Buffer; maxBytes: number; avatarsDir: string }) {
  if (input.bytes.length === 0) throw invalid('The avatar file is empty.');
  if (input.bytes.length > input.maxBytes) throw invalid(`The avatar is larger than ${Math.round(input.maxBytes / 1024)} KB.`);
  const sniffed = await fileTypeFromBuffer(input.bytes);
  const ext = sniffed ? AVATAR_TYPES[sniffed.mime] : undefined;
  if (!ext) throw invalid('An avatar must be a PNG, JPEG or WebP image.');
  const user = await ctx.models.User.findByPk(input.userId, { transaction: ctx.transaction });
  if (!user) throw notFound('user');
  await fs.mkdir(input.avatarsDir, { recursive: true, mode: 0o700 });
  const name = `${user.id}-${Date.now()}.${ext}`;
  await fs.writeFile(path.join(input.avatarsDir, name), input.bytes, { mode: 0o600 });
  const previous = user.avatar;
  await user.update({ avatar: name }, { transaction: ctx.transaction });
  if (previous && previous !== name) await fs.rm(path.join(input.avatarsDir, path.basename(previous)), { force: true });
  await recordAudit(ctx, { action: 'profile.avatar_changed', targetType: 'user', targetId: user.id });
  return user;
}
