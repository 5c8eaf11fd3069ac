import { fileTypeFromBuffer } from 'file-type';
import CFB from 'cfb';
import { AppError } from '../errors.js';
import { extensionOf } from './fileName.js';

/** The chat file types livechat knows how to recognise from their bytes (files.allowedTypes picks from these). */
export type FileExtension = 'pdf' | 'doc' | 'docx' | 'jpg' | 'jpeg' | 'png';

interface Kind {
  label: string;
  mime: string;
  /** Extensions a name may carry for this kind; the first is added to names that have none. */
  extensions: FileExtension[];
  /** Whether a thumbnail is made at upload. */
  image: boolean;
}

const KINDS = {
  pdf: { label: 'PDF document', mime: 'application/pdf', extensions: ['pdf'], image: false },
  doc: { label: 'Word 97-2003 document', mime: 'application/msword', extensions: ['doc'], image: false },
  docx: { label: 'Word document', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], image: false },
  jpeg: { label: 'JPEG picture', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], image: true },
  png: { label: 'PNG picture', mime: 'image/png', extensions: ['png'], image: true },
} satisfies Record<string, Kind>;

type KindName = keyof typeof KINDS;

interface DetectedType {
  kind: KindName;
  mime: string;
  image: boolean;
  /** The name to store and show, with the extension added when the sender's name had none. */
  name: string;
}

/** A Word 97-2003 file is an OLE2 compound file with a "WordDocument" stream (an .msi or .xls is not). */
function isWordBinary(bytes: Buffer): boolean {
  try {
    return CFB.find(CFB.read(bytes, { type: 'buffer' }), 'WordDocument') !== null;
  } catch {
    return false;
  }
}

/** What the bytes are, as one of our kinds, or a description of what they are instead. */
async function sniff(bytes: Buffer): Promise<{ kind: KindName } | { other: string }> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return { other: 'of an unrecognised type' };
  switch (found.ext) {
    case 'pdf':
      return { kind: 'pdf' };
    case 'docx':
      return { kind: 'docx' };
    case 'jpg':
      return { kind: 'jpeg' };
    case 'png':
      return { kind: 'png' };
    case 'cfb':
      return isWordBinary(bytes) ? { kind: 'doc' } : { other: 'an OLE2 container that is not a Word document' };
    default:
      return { other: `${found.mime} (.${found.ext})` };
  }
}

const describeAllowed = (allowed: readonly FileExtension[]) => allowed.map((e) => e.toUpperCase()).join(', ');

const unsupportedType = (allowed: readonly FileExtension[], what: string) =>
  new AppError('unsupported_file_type', `Only ${describeAllowed(allowed)} files can be shared; this file's content is ${what}.`, 415);

/**
 * Decides a file's type from its bytes, never from its name or the Content-Type the sender claims.
 * The name's extension must then agree with the content: a program renamed "invoice.pdf", a PNG
 * named ".jpg" or a PDF named ".exe" is refused; a name without an extension gets the right one.
 */
export async function detectFileType(bytes: Buffer, displayName: string, allowed: readonly FileExtension[]): Promise<DetectedType> {
  const sniffed = await sniff(bytes);
  if ('other' in sniffed) throw unsupportedType(allowed, sniffed.other);
  const kind: Kind = KINDS[sniffed.kind];
  const permitted = kind.extensions.filter((e) => allowed.includes(e));
  if (permitted.length === 0) throw unsupportedType(allowed, `a ${kind.label}`);
  const ext = extensionOf(displayName);
  // "Minutes 10.30" or "v2.final-draft" claim no type: they get the right extension added.
  if (!/^(?=.*[a-z])[a-z0-9]{2,5}$/.test(ext)) return { kind: sniffed.kind, mime: kind.mime, image: kind.image, name: `${displayName}.${permitted[0]}` };
  if (!permitted.includes(ext as FileExtension)) {
    throw new AppError(
      'file_type_mismatch',
      `The file is named ".${ext}" but its content is a ${kind.label}: a file must be what its name says (rename it to .${permitted[0]}).`,
      415,
      { declared: ext, detected: kind.mime },
    );
  }
  return { kind: sniffed.kind, mime: kind.mime, image: kind.image, name: displayName };
}

/** Whether a stored file's type is a picture (and so has a preview). */
export const isImageMime = (mime: string | null) => mime === KINDS.jpeg.mime || mime === KINDS.png.mime;
