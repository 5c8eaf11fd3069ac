import { AppError, invalid } from '../../errors.js';
import { safeDisplayName } from '../../files/fileName.js';
import { detectFileType, type FileExtension } from '../../files/fileTypes.js';
import { infected, type Scanner } from '../../files/clamd.js';
import { makeThumbnail } from '../../files/thumbnail.js';

export interface UploadRules {
  maxBytes: number;
  allowedTypes: readonly FileExtension[];
  /** clamd, when files.clamdSocket is configured. */
  scan: Scanner | null;
}

interface InspectedFile {
  /** The sanitized name people see (with the right extension). */
  name: string;
  mime: string;
  size: number;
  bytes: Buffer;
  thumbnail: Buffer | null;
}

export const tooLarge = (maxBytes: number) =>
  new AppError('file_too_large', `The file is larger than the ${formatBytes(maxBytes)} allowed.`, 413, { maxBytes });

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/**
 * Everything decided about an upload before anything is stored: its size, a safe name, its type
 * read from its bytes (and agreeing with its name), the virus scan, and a preview for pictures.
 * Throws a clear error for the first problem; touches neither the database nor the disk.
 */
export async function inspectUpload(upload: { bytes: Buffer; name: string }, rules: UploadRules): Promise<InspectedFile> {
  const { bytes } = upload;
  if (bytes.length === 0) throw invalid('The file is empty.');
  if (bytes.length > rules.maxBytes) throw tooLarge(rules.maxBytes);
  const type = await detectFileType(bytes, safeDisplayName(upload.name), rules.allowedTypes);
  if (rules.scan) {
    const verdict = await rules.scan(bytes);
    if (!verdict.clean) throw infected(verdict.signature);
  }
  const thumbnail = type.image ? await makeThumbnail(bytes, type.mime as 'image/jpeg' | 'image/png') : null;
  return { name: type.name, mime: type.mime, size: bytes.length, bytes, thumbnail };
}
