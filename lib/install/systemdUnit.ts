import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../paths.js';

/** Writes livechat.service for this install into the data folder and returns its path. */
export function writeSystemdUnit(dataDir: string): string {
  const template = fs.readFileSync(path.join(packageRoot, 'templates', 'livechat.service'), 'utf8');
  const values: Record<string, string> = {
    user: os.userInfo().username,
    workingDir: packageRoot,
    dataDir,
    node: process.execPath,
    bin: path.join(packageRoot, 'bin', 'livechat'),
  };
  const unit = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
  const file = path.join(dataDir, 'livechat.service');
  fs.writeFileSync(file, unit, { mode: 0o644 });
  return file;
}
