import { expect } from 'chai';
import { runCli, spawnCli, freePort, type LongRunning } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

/** livechat start until it serves, one good and one failing request, then stopped; its output as seen. */
async function serveTwoRequests(options: { terminal?: boolean; env?: Record<string, string> }) {
  const dataDir = tmpDataDir();
  expect((await runCli(['install', '--non-interactive'], { dataDir })).code).to.equal(0);
  const port = await freePort();
  const server: LongRunning = spawnCli(['start', '--port', String(port), '--no-checks'], { dataDir, terminal: options.terminal, env: { LIVECHAT_LOG_LEVEL: 'info', ...options.env } });
  try {
    await server.waitFor(/is running/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/clients`)).status).to.equal(401);
    await waitFor('the request lines written', () => !/"msg":"request"/.test(server.output().stderr) || (server.output().stderr.match(/"msg":"request"/g) ?? []).length >= 2, 5000);
    // At a terminal a person presses Ctrl+C; a process manager sends SIGTERM.
    if (options.terminal) server.write('\x03');
    else server.child.kill('SIGTERM');
    await server.waitFor(/livechat stopped/);
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  const { stdout, stderr } = server.output();
  // In a terminal, stdout and stderr arrive together; colours and carriage returns are the terminal's.
  return (stdout + stderr).replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');
}

describe('livechat start: logs for a terminal and for a process manager', function () {
  this.timeout(90_000);

  it('prints readable lines at a terminal, leaving out the requests that went well', async () => {
    const out = await serveTwoRequests({ terminal: true });
    expect(out).to.match(/^\[\d\d:\d\d:\d\d\] INFO: livechat listening/m);
    expect(out).to.not.match(/^\{"level"/m);
    expect(out).to.not.contain('/readyz').and.to.not.contain('/api/clients');
    expect(out).to.contain('livechat stopped');
  });

  it('summarises each request on one line at debug level', async () => {
    const out = await serveTwoRequests({ terminal: true, env: { LIVECHAT_LOG_LEVEL: 'debug' } });
    expect(out).to.match(/DEBUG|INFO/);
    expect(out).to.match(/INFO: GET \/readyz -> 200 \([\d.]+ ms\)/);
    expect(out).to.match(/INFO: GET \/api\/clients -> 401 \([\d.]+ ms\)/);
  });

  it('keeps JSON for a process manager (no terminal), one line per request', async () => {
    const out = await serveTwoRequests({});
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === 'livechat listening')).to.include({ level: 30, app: 'livechat' });
    expect(lines.filter((l) => l.msg === 'request').map((l) => `${l.path} ${l.status}`)).to.deep.equal(['/readyz 200', '/api/clients 401']);
  });

  it('follows LIVECHAT_LOG_FORMAT: json at a terminal, pretty without one', async () => {
    const json = await serveTwoRequests({ terminal: true, env: { LIVECHAT_LOG_FORMAT: 'json' } });
    expect(json).to.match(/^\{"level":30,.*"msg":"livechat listening"/m);
    const pretty = await serveTwoRequests({ env: { LIVECHAT_LOG_FORMAT: 'pretty' } });
    expect(pretty).to.match(/^\[\d\d:\d\d:\d\d\] INFO: livechat listening/m);
    expect(pretty).to.not.match(/^\{"level"/m);
    const bad = await runCli(['start', '--no-checks'], { dataDir: tmpDataDir(), env: { LIVECHAT_LOG_FORMAT: 'fancy' } });
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.contain('log.format').and.to.contain('must be auto, json or pretty');
  });
});
