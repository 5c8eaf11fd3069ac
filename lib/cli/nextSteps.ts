import path from 'node:path';
import type { Launcher } from './launcher.js';

export interface NextStepsInput {
  dataDir: string;
  publicUrl: string;
  /** The folder the person runs commands from (the default data folder is ./data there). */
  cwd: string;
  launcher: Launcher;
  /** True when printed by `livechat start`, which is about to serve: no "start" step then. */
  starting: boolean;
  /** The systemd unit `install --systemd` wrote, if any. */
  systemdUnit?: string;
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/**
 * What a person can do after installing, each line runnable as printed from where they are: the
 * command as it runs there (`livechat` or `npx livechat`), the data folder when it is not the
 * default, no "start" for a server that is starting, systemd's own commands for a unit.
 */
export interface NextStep {
  /** What the step does, for a person. */
  what: string;
  /** The command, runnable as printed. */
  command: string;
}

export function nextSteps(input: NextStepsInput): NextStep[] {
  const { launcher } = input;
  const dataDirFlag = path.resolve(input.cwd, 'data') === path.resolve(input.dataDir) ? '' : ` --data-dir ${quote(input.dataDir)}`;
  const run = (args: string) => `${launcher.command} ${args}${dataDirFlag}`;
  const steps: NextStep[] = [];
  if (launcher.via === 'systemd') {
    steps.push({ what: "Follow the server's log", command: 'journalctl -u livechat -f' }, { what: 'Is it running?', command: 'systemctl status livechat' });
  } else if (input.systemdUnit) {
    steps.push({ what: `Serve ${input.publicUrl}, started at boot`, command: `sudo cp ${quote(input.systemdUnit)} /etc/systemd/system/ && sudo systemctl daemon-reload && sudo systemctl enable --now livechat` });
  } else if (!input.starting) {
    steps.push({ what: `Serve ${input.publicUrl}`, command: run('start') });
  }
  steps.push(
    { what: 'Add a website', command: run('client add --name "My site" --domain example.com') },
    { what: 'Its widget snippet, to paste before </body> on every page', command: run('snippet "My site"') },
    { what: 'An agent for that website (a one-time password is printed)', command: run('agent add --email ann@example.com --name "Ann Lee" --clients "My site"') },
    { what: 'Check e-mail once smtp.url is set', command: run('mail test --to you@example.com') },
  );
  return steps;
}
