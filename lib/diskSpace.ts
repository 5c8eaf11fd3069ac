import fs from 'node:fs';
import path from 'node:path';

// Shared by `livechat doctor` (lib/cli) and the health probes of /readyz and the health job
// (lib/jobs): it lives below both, since nothing in lib may import the CLI.

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** The closest folder that exists at or above `dir` (a data folder that is not made yet lives in it). */
export function nearestExistingDir(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** Free space as the doctor and /readyz say it: "12.3 GB", "480 MB". */
export const formatFreeBytes = (bytes: number) => (bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`);
