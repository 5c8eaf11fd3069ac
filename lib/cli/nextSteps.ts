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
export function nextSteps(input: NextStepsInput): string[] {
  const { launcher } = input;
  const dataDirFlag = path.resolve(input.cwd, 'data') === path.resolve(input.dataDir) ? '' : ` --data-dir ${quote(input.dataDir)}`;
  const run = (args: string) => `${launcher.command} ${args}${dataDirFlag}`;
  const steps: string[] = [];
  if (launcher.via === 'systemd') {
    steps.push(`journalctl -u livechat -f        follow the server's log`, `systemctl status livechat        is it running?`);
  } else if (input.systemdUnit) {
    steps.push(`sudo cp ${quote(input.systemdUnit)} /etc/systemd/system/ && sudo systemctl daemon-reload && sudo systemctl enable --now livechat        serve ${input.publicUrl}, started at boot`);
  } else if (!input.starting) {
    steps.push(`${run('start')}        serve ${input.publicUrl}`);
  }
  steps.push(
    `${run('client add --name "My site" --domain example.com')}        add a website`,
    `${run('snippet "My site"')}        the widget snippet: paste it before </body> on every page`,
    `${run('agent add --email ann@example.com --name "Ann Lee" --clients "My site"')}        an agent account for that website (prints a one-time password)`,
    `${run('mail test --to you@example.com')}        check e-mail once smtp.url is set`,
  );
  if (input.starting) steps.push(`Sign in at ${input.publicUrl} with the super admin above.`);
  return steps;
}
