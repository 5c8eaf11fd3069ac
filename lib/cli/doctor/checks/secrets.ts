import { dataPaths } from '../../../paths.js';
import { GENERATE_SECRET_HINT, missingServerSecrets } from '../../../config/secrets.js';
import { skipWithoutConfig, type Check } from '../types.js';

/**
 * The signing keys: without secrets.session or secrets.visitorToken the server refuses to start (a
 * missing key would sign tokens anyone can forge). A missing backup key is only a warning: plain
 * backups work without it; encrypted and scheduled ones do not.
 */
export const secretsPresent: Check = {
  id: 'secrets',
  title: 'Secrets',
  categories: ['doctor', 'start'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    const file = dataPaths(ctx.dataDir).configFile;
    const missing = missingServerSecrets(ctx.config);
    if (missing.length > 0) {
      return { status: 'fail', message: missing.join('; '), fix: `livechat install --non-interactive --data-dir ${ctx.dataDir} (it adds only the missing secrets to ${file})` };
    }
    if (!ctx.config.secrets.backupKey) {
      return {
        status: 'warn',
        message: 'secrets.backupKey is not set: encrypted backups and the scheduled backup jobs will fail',
        fix: `${GENERATE_SECRET_HINT}, in ${file} or LIVECHAT_BACKUP_KEY; keep a copy away from this server`,
      };
    }
    return { status: 'pass', message: 'session, visitor-token and backup keys are set' };
  },
};
