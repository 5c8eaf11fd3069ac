import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';

/**
 * How this `livechat` was started, which decides what a person can type next and whether the
 * process must follow its parent. Read from the environment npm and systemd set for their
 * children (not livechat configuration, so not in lib/config).
 */
export interface Launcher {
  /** `npm`: through npx or an npm script (a shell sits between npm and node); `systemd`: a unit; `shell`: typed directly. */
  via: 'npm' | 'systemd' | 'shell';
  /** How to run livechat from where the person is: `livechat` when it is on PATH (a global install), else `npx livechat`. */
  command: 'livechat' | 'npx livechat';
}

/** Whether `livechat` on PATH is this very package (a global install, or a link to it). */
function onPath(pathVar: string | undefined): boolean {
  const ours = fs.realpathSync(path.join(packageRoot, 'bin', 'livechat'));
  for (const dir of (pathVar ?? '').split(path.delimiter).filter(Boolean)) {
    // npx puts the package's own .bin first on PATH; it is gone once npx exits.
    if (dir.includes(`${path.sep}_npx${path.sep}`) || dir.endsWith(`${path.sep}node_modules${path.sep}.bin`)) continue;
    try {
      if (fs.realpathSync(path.join(dir, 'livechat')) === ours) return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** A terminal started from a desktop session may carry INVOCATION_ID too, so a unit is also "no terminal". */
export function detectLauncher(env: NodeJS.ProcessEnv = process.env, terminal = process.stdout.isTTY === true): Launcher {
  const via = env.npm_lifecycle_event ? 'npm' : env.INVOCATION_ID && !terminal ? 'systemd' : 'shell';
  return { via, command: onPath(env.PATH) ? 'livechat' : 'npx livechat' };
}
