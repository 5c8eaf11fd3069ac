import fs from 'node:fs';

export function isWritable(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Permission bits as `ls -l` users know them: 0o644 -> "644". */
export const modeString = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

export function statOrNull(target: string): fs.Stats | null {
  try {
    return fs.statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
