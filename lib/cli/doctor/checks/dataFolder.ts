import { dataPaths } from '../../../paths.js';
import { isWritable, modeString, statOrNull } from '../fsHelpers.js';
import { nearestExistingDir } from '../../../diskSpace.js';
import type { Check, CheckResult } from '../types.js';

/** Group and other users must not read the config file: it holds the session, token and backup secrets. */
const SHARED_BITS = 0o077;

function checkConfigFile(configFile: string): CheckResult | null {
  const stat = statOrNull(configFile);
  if (!stat) return null;
  if ((stat.mode & SHARED_BITS) !== 0) {
    return {
      status: 'warn',
      message: `${configFile} has mode ${modeString(stat.mode)}: other users can read the secrets in it`,
      fix: `chmod 600 ${configFile}`,
    };
  }
  return null;
}

export const dataFolder: Check = {
  id: 'data-folder',
  title: 'Data folder',
  categories: ['doctor', 'start', 'install'],
  async run(ctx) {
    const dir = ctx.dataDir;
    const stat = statOrNull(dir);
    if (!stat) {
      if (ctx.category === 'install') {
        const parent = nearestExistingDir(dir);
        if (isWritable(parent)) return { status: 'pass', message: `${dir} will be created` };
        return { status: 'fail', message: `${dir} does not exist and ${parent} is not writable`, fix: `create it as root: mkdir -p ${dir} && chown "$(id -un)" ${dir}` };
      }
      return { status: 'fail', message: `${dir} does not exist`, fix: 'run `livechat install`, or point --data-dir / LIVECHAT_DATA_DIR at the existing data folder' };
    }
    if (!stat.isDirectory()) return { status: 'fail', message: `${dir} is not a folder`, fix: 'point --data-dir / LIVECHAT_DATA_DIR at the data folder' };
    if (!isWritable(dir)) {
      return { status: 'fail', message: `${dir} is not writable by this user`, fix: `run livechat as the owner of ${dir}, or: chown -R "$(id -un)" ${dir}` };
    }
    const configFile = dataPaths(dir).configFile;
    const configProblem = checkConfigFile(configFile);
    if (configProblem) return configProblem;
    const note = statOrNull(configFile) ? 'config file readable by its owner only' : 'no livechat.json: defaults and LIVECHAT_* variables apply';
    return { status: 'pass', message: `${dir} is writable; ${note}` };
  },
};
