import multer from '@koa/multer';
import { invalid } from '../../../errors.js';
import { setAvatar } from '../../../domain/profile/setAvatar.js';
import { dataPaths } from '../../../paths.js';
import type { RunContext } from '../../../runner/entry.js';
import { withUnitOfWork } from '../../../domain/unitOfWork.js';
import type { HttpEnv } from '../../route.js';
import { unitOfWorkDeps } from '../../../runner/unitOfWorkDeps.js';

/** One multer per size limit (the limit is configuration, so it is the same for the app's life). */
const uploaders = new Map<number, ReturnType<typeof multer>>();

/**
 * Sets a user's avatar from the one image of a multipart/form-data body (field "avatar", within
 * files.avatarMaxBytes), read before the unit of work that stores it opens: an upload is never
 * read with a transaction open. For the profile (one's own) and the agents admin alike; their
 * routes declare `unitOfWork: 'none'` and have passed their permission before this runs.
 */
export async function receiveAvatar(ctx: RunContext<HttpEnv, unknown>, userId: number) {
  const { deps, http } = ctx.env;
  const maxBytes = deps.config.files.avatarMaxBytes;
  let upload = uploaders.get(maxBytes);
  if (!upload) uploaders.set(maxBytes, (upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1 } })));
  try {
    await upload.single('avatar')(http, async () => {});
  } catch (err) {
    if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') throw invalid(`The avatar is larger than ${Math.round(maxBytes / 1024)} KB.`);
    throw invalid(`The upload could not be read: ${(err as Error).message}`);
  }
  // @types/koa__multer says the file is always there; it is not when the form has no "avatar" field.
  const file: { buffer: Buffer } | undefined = http.request.file;
  if (!file) throw invalid('Send the image as multipart/form-data in a field named "avatar".');
  const avatarsDir = dataPaths(deps.config.dataDir).avatars;
  return withUnitOfWork(unitOfWorkDeps(deps.db, deps.bus), ctx.actor, (domain) => setAvatar(domain, { userId, bytes: file.buffer, maxBytes, avatarsDir }));
}
