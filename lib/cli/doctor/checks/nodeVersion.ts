import type { Check, CheckResult } from '../types.js';

/** The oldest Node livechat supports (package.json "engines"; bin/livechat refuses older ones too). */
const MIN_NODE = { major: 20, minor: 19 };

export function judgeNodeVersion(version: string): CheckResult {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const supported = major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor);
  if (supported) return { status: 'pass', message: `Node.js ${version}` };
  return {
    status: 'fail',
    message: `Node.js ${version} is too old: livechat needs ${MIN_NODE.major}.${MIN_NODE.minor} or newer`,
    fix: `install Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or newer (for example the current LTS from nodejs.org or your distribution's NodeSource packages)`,
  };
}

export const nodeVersion: Check = {
  id: 'node-version',
  title: 'Node.js version',
  categories: ['doctor', 'start', 'install'],
  run: async () => judgeNodeVersion(process.versions.node),
};
