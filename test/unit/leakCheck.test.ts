import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/** Runs mocha as `npm test` does (.mocharc.json: no --exit, the leak check required) on one file. */
function mocha(file: string): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/mocha/bin/mocha.js'), file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

describe('the test run and what it leaves open', function () {
  this.timeout(90_000);

  it('fails, naming the server left listening, and still ends by itself', async () => {
    const run = await mocha('test/fixtures/leaks/leaky.fixture.ts');
    expect(run.code, run.out).to.equal(1);
    expect(run.out).to.match(/left these holding the event loop: .*TCPServerWrap/);
    expect(run.out).to.match(/a server listening on .*127\.0\.0\.1/);
    expect(run.ms, 'not held up by the 10-minute timer it leaked').to.be.below(30_000);
  });

  it('passes a run that closes what it opens', async () => {
    const run = await mocha('test/fixtures/leaks/clean.fixture.ts');
    expect(run.code, run.out).to.equal(0);
    expect(run.out).to.match(/1 passing/);
  });
});
