import multer from '@koa/multer';
import { invalid } from '../../../errors.js';
import type { AppContext } from '../../types.js';

/** The one image of a multipart/form-data body in the field "avatar", within the size limit. */
export function avatarUpload(maxBytes: number) {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1 } });
  return async (ctx: AppContext): Promise<Buffer> => {
    try {
      await upload.single('avatar')(ctx as never, async () => {});
    } catch (err) {
      if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') throw invalid(`The avatar is larger than ${Math.round(maxBytes / 1024)} KB.`);
      throw invalid(`The upload could not be read: ${(err as Error).message}`);
    }
    const file = (ctx.request as unknown as { file?: { buffer: Buffer } }).file;
    if (!file) throw invalid('Send the image as multipart/form-data in a field named "avatar".');
    return file.buffer;
  };
}
