import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder (where config/, templates/, install/ live), from lib/ or dist/ alike. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const dataPaths = (dataDir: string) => ({
  configFile: path.join(dataDir, 'livechat.json'),
  pidFile: path.join(dataDir, 'livechat.pid'),
  storage: path.join(dataDir, 'storage'),
  avatars: path.join(dataDir, 'storage', 'avatars'),
  chatFiles: path.join(dataDir, 'storage', 'chat-files'),
  backups: path.join(dataDir, 'backups'),
  exports: path.join(dataDir, 'exports'),
  logs: path.join(dataDir, 'logs'),
});
