import sharp from 'sharp';
import { AppError } from '../errors.js';

const EDGE = 320;
// A small file can still declare a gigantic canvas (a decompression bomb): refuse beyond 50 megapixels.
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * A preview of a picture, at most 320 px on its longer side, in the picture's own format, with its
 * metadata (GPS position, camera) left out. Made at upload, so a picture that cannot be decoded is
 * refused then rather than shown broken later.
 */
export async function makeThumbnail(bytes: Buffer, mime: 'image/jpeg' | 'image/png'): Promise<Buffer> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(EDGE, EDGE, { fit: 'inside', withoutEnlargement: true });
    return await (mime === 'image/png' ? image.png({ compressionLevel: 9 }) : image.jpeg({ quality: 80, mozjpeg: true })).toBuffer();
  } catch (err) {
    throw new AppError('unreadable_image', `The picture could not be read (${(err as Error).message}); send it again or as another file.`, 422);
  }
}
