import fs from 'node:fs';

/** Whether `file` is a Unix socket on this host (false when it is missing or unreadable). */
export const isSocketFile = (file: string) => {
  try {
    return fs.statSync(file).isSocket();
  } catch {
    return false;
  }
};
