import crypto from 'node:crypto';

const MAX_NAME = 120;
const MAX_EXTENSION = 10;
// Characters Windows, macOS or a shell treat specially, swapped for "_" so a downloaded copy saves anywhere.
const RESERVED = /[<>:"/\\|?*]/g;
// Control and format characters: NUL, newlines, bidi overrides that make "exe.pdf" read as "fdp.exe", zero-width marks.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** The extension of a name, lower case, without the dot ("" when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Cuts a string to at most `max` code points (never halves a surrogate pair). */
const clip = (s: string, max: number) => Array.from(s).slice(0, max).join('');

/**
 * The name shown to people and offered on download: the last path part only (no folders from the
 * sender's machine, no "../"), without invisible characters, no leading dots, at most 120
 * characters with its extension kept. Never used as a path on our disk (see storedFileName).
 */
export function safeDisplayName(raw: string): string {
  const lastPart = raw.split(/[/\\]/).pop() ?? '';
  let name = lastPart.normalize('NFC').replace(INVISIBLE, '').replace(RESERVED, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  // The extension as the sender wrote it ("photo.JPEG" stays so); compared lower-case elsewhere.
  let ext = extensionOf(name) ? name.slice(name.lastIndexOf('.') + 1) : '';
  if (ext.length > MAX_EXTENSION) ext = '';
  let stem = ext ? name.slice(0, -(ext.length + 1)) : name;
  if (WINDOWS_DEVICES.test(stem)) stem = `_${stem}`;
  stem = clip(stem, MAX_NAME - (ext ? ext.length + 1 : 0)).trim() || 'file';
  return ext ? `${stem}.${ext}` : stem;
}

/** An ASCII-only, shell-safe version of a display name for the disk: letters, digits, ".", "_", "-". */
function diskSafeName(displayName: string): string {
  const ascii = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+/, '');
  const ext = extensionOf(ascii) ? ascii.slice(ascii.lastIndexOf('.') + 1).slice(0, MAX_EXTENSION) : '';
  const stem = (ext ? ascii.slice(0, ascii.lastIndexOf('.')) : ascii).slice(0, 80).replace(/[._-]+$/, '') || 'file';
  return ext ? `${stem}.${ext}` : stem;
}

/** `{timestamp}_{random}_{safe name}`: unique, sortable by age, still recognisable by a sysadmin. */
export function storedFileName(displayName: string, now = new Date()): string {
  return `${now.getTime()}_${crypto.randomBytes(6).toString('hex')}_${diskSafeName(displayName)}`;
}
