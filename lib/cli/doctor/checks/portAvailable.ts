import net from 'node:net';
import { InvalidPidFileError, isRunning, readPidFile, type PidInfo } from '../../pidFile.js';
import { skipWithoutConfig, type Check, type CheckResult } from '../types.js';

/** Tries to listen where the server will: 'free', or the error code that says why not (EADDRINUSE...). */
function probePort(host: string, port: number): Promise<'free' | string> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

function runningServer(dataDir: string): PidInfo | null {
  try {
    const info = readPidFile(dataDir);
    return info && isRunning(info) ? info : null;
  } catch (err) {
    if (err instanceof InvalidPidFileError) return null;
    throw err;
  }
}

export const portAvailable: Check = {
  id: 'port',
  title: 'Server port',
  categories: ['doctor', 'start', 'install'],
  async run(ctx): Promise<CheckResult> {
    if (!ctx.config) return skipWithoutConfig;
    const { host, port } = ctx.config.server;
    if (port === 0) return { status: 'skip', message: 'server.port is 0: the system picks a free port at start' };
    const where = `${host}:${port}`;
    const probe = await probePort(host, port);
    if (probe === 'free') return { status: 'pass', message: `${where} is free` };
    if (probe === 'EADDRINUSE') {
      const own = runningServer(ctx.dataDir);
      if (own && own.port === port) {
        // Fine for a health check, but a second server on the same data folder must not start.
        if (ctx.category === 'start') {
          return { status: 'fail', message: `livechat is already running from this data folder (pid ${own.pid}, ${own.url})`, fix: `stop it first (systemctl stop livechat, or kill ${own.pid})` };
        }
        return { status: 'pass', message: `${where} is held by this install's running server (pid ${own.pid})` };
      }
      return { status: 'fail', message: `${where} is in use by another program`, fix: `find it with: ss -ltnp 'sport = :${port}'; stop it, or set server.port (LIVECHAT_PORT) to a free port` };
    }
    if (probe === 'EACCES') {
      return { status: 'fail', message: `${where}: ports below 1024 need root`, fix: 'use a port of 1024 or more behind nginx (livechat install sets it up), or grant the node binary CAP_NET_BIND_SERVICE' };
    }
    if (probe === 'EADDRNOTAVAIL' || probe === 'ENOTFOUND') {
      return { status: 'fail', message: `${host} is not an address of this machine`, fix: 'set server.host (LIVECHAT_HOST) to 0.0.0.0, 127.0.0.1 or one of this machine\'s addresses' };
    }
    return { status: 'fail', message: `cannot listen on ${where}: ${probe}`, fix: 'check server.host and server.port' };
  },
};
