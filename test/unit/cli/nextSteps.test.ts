import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nextSteps } from '../../../lib/cli/nextSteps.js';
import { detectLauncher } from '../../../lib/cli/launcher.js';
import { livechatBin } from '../../helpers/cli.js';

const base = { publicUrl: 'http://localhost:3000', cwd: '/srv/app' };
const local = { via: 'shell', command: 'npx livechat' } as const;
const global = { via: 'shell', command: 'livechat' } as const;
const commands = (input: Parameters<typeof nextSteps>[0]) => nextSteps(input).map((s) => s.command);

describe('next steps after the first start', () => {
  it('in a local clone or install: npx livechat, with --data-dir when the folder is not ./data, and a start step after install', () => {
    const steps = commands({ ...base, dataDir: '/var/lib/my chat', launcher: local, starting: false });
    expect(steps[0]).to.match(/^npx livechat start --data-dir '\/var\/lib\/my chat'$/);
    for (const step of steps.slice(1, 4)) expect(step).to.match(/^npx livechat (client add|snippet|agent add) .*--data-dir '\/var\/lib\/my chat'$/);
  });

  it('leaves --data-dir out for the default folder, and never says "start" while livechat is starting', () => {
    const steps = commands({ ...base, dataDir: '/srv/app/data', launcher: local, starting: true });
    expect(steps.join('\n')).to.not.contain('--data-dir').and.to.not.match(/livechat start/);
    expect(steps[0]).to.match(/^npx livechat client add --name "My site" --domain example.com$/);
  });

  it('has a step that adds an agent to the website just added', () => {
    const steps = commands({ ...base, dataDir: '/srv/app/data', launcher: global, starting: true });
    expect(steps.find((s) => s.startsWith('livechat agent add '))).to.contain('--clients "My site"');
  });

  it('after a global install: plain livechat commands', () => {
    const steps = commands({ ...base, dataDir: '/srv/app/data', launcher: global, starting: false });
    expect(steps[0]).to.match(/^livechat start$/);
    expect(steps.every((s) => !s.includes('npx'))).to.equal(true);
  });

  it('under systemd: journalctl and systemctl instead of start, the data folder kept on every livechat command', () => {
    const steps = commands({ ...base, cwd: '/', dataDir: '/var/lib/livechat', launcher: { via: 'systemd', command: 'livechat' }, starting: true });
    expect(steps[0]).to.match(/^journalctl -u livechat -f$/);
    expect(steps[1]).to.match(/^systemctl status livechat/);
    for (const step of steps.filter((s) => s.startsWith('livechat '))) expect(step).to.contain('--data-dir /var/lib/livechat');
    const unit = commands({ ...base, dataDir: '/srv/app/data', launcher: local, starting: false, systemdUnit: '/srv/app/data/livechat.service' });
    expect(unit[0]).to.contain('sudo systemctl enable --now livechat').and.not.contain('npx livechat start');
  });

  it('knows npx, systemd, and a livechat on PATH (a global install) from the environment', () => {
    expect(detectLauncher({ npm_lifecycle_event: 'npx', PATH: '' }, true)).to.deep.equal({ via: 'npm', command: 'npx livechat' });
    expect(detectLauncher({ INVOCATION_ID: 'abc', PATH: '' }, false).via).to.equal('systemd');
    expect(detectLauncher({ INVOCATION_ID: 'abc', PATH: '' }, true).via, 'a desktop terminal').to.equal('shell');
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-path-'));
    fs.symlinkSync(livechatBin, path.join(bin, 'livechat'));
    try {
      expect(detectLauncher({ PATH: `/usr/bin${path.delimiter}${bin}` }, true)).to.deep.equal({ via: 'shell', command: 'livechat' });
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
