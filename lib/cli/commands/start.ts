import type { Command } from 'commander';
import { globalOptions, outputFor, UserError } from '../context.js';
import { parsePort } from '../options.js';
import { configFileExists, loadConfig, resolveDataDir } from '../../config/load.js';
import type { ConfigLayer } from '../../config/schema.js';

interface StartFlags {
  migrate?: boolean;
  port?: string;
  host?: string;
  publicUrl?: string;
  checks: boolean;
}

function flagLayer(f: StartFlags): ConfigLayer {
  const layer: ConfigLayer = {};
  const server: ConfigLayer = {};
  const port = parsePort(f.port, '--port', { allowZero: true });
  if (port !== undefined) server.port = port;
  if (f.host) server.host = f.host;
  if (Object.keys(server).length) layer.server = server;
  if (f.publicUrl) layer.publicUrl = f.publicUrl;
  return layer;
}

/** `livechat start`: installs on SQLite when there is no config yet, then serves until SIGINT/SIGTERM. */
export function register(program: Command): void {
  program
    .command('start')
    .description('start the server (HTTP + WebSocket on one port, dashboard, widget, scheduled jobs); installs on SQLite first if needed')
    .option('--migrate', 'apply pending database migrations instead of refusing to start')
    .option('--port <port>', 'port to listen on (overrides the config file)')
    .option('--host <host>', 'address to bind (default 0.0.0.0)')
    .option('--public-url <url>', 'the URL browsers reach livechat at')
    .option('--no-checks', 'skip the doctor checks run before starting')
    .action(async (flags: StartFlags, cmd: Command) => {
      const out = outputFor(cmd);
      const dataDir = resolveDataDir({ flags: { dataDir: globalOptions(cmd).dataDir } });
      const overrides = flagLayer(flags);

      if (!configFileExists(dataDir)) {
        out.progress(`No configuration in ${dataDir} yet: installing with the embedded SQLite database first.`);
        const { runInstall } = await import('../../install/runInstall.js');
        const { printInstallResult } = await import('./install.js');
        const port = (overrides.server as ConfigLayer | undefined)?.port as number | undefined;
        const result = await runInstall({ dataDir, database: { dialect: 'sqlite' }, port, publicUrl: flags.publicUrl, admin: {}, progress: (l) => out.progress(l) });
        printInstallResult(out, result, { starting: true });
      }

      const config = loadConfig({ flags: { ...overrides, dataDir } });
      const { readPidFile, isRunning, writePidFile, removePidFile } = await import('../pidFile.js');
      const previous = readPidFile(dataDir);
      if (previous && isRunning(previous) && previous.pid !== process.pid) {
        throw new UserError(`livechat is already running for ${dataDir} (pid ${previous.pid}, ${previous.url}). Stop it first, or use another --data-dir.`);
      }
      if (flags.checks) {
        const { runStartChecks } = await import('../doctor/startChecks.js');
        await runStartChecks(config, dataDir, out, { migrate: Boolean(flags.migrate) });
      }

      const { createLogger, routeConsoleToLogger } = await import('../../logger.js');
      const { startServer } = await import('../../server.js');
      const { version } = await import('../../version.js');
      const logger = createLogger(config.log.level, {}, { format: config.log.format });
      // From here stderr holds only log lines (JSON, or readable at a terminal); a refusal to start is still one plain line.
      const restoreConsole = routeConsoleToLogger(logger);
      const server = await startServer({ config, logger, migrate: flags.migrate, onMigrationProgress: (l) => out.progress(l) }).catch((err: NodeJS.ErrnoException) => {
        restoreConsole();
        if (err.code === 'EADDRINUSE') throw new UserError(`Port ${config.server.port} is already in use: stop what uses it, or start with --port <another>.`);
        if (err.code === 'EACCES') throw new UserError(`Not allowed to listen on port ${config.server.port}: use a port above 1023 or run behind nginx (templates/nginx.conf).`);
        throw err;
      });
      writePidFile(dataDir, { pid: process.pid, url: server.url, port: server.port, version, startedAt: new Date().toISOString() });
      out.result({ url: server.url, publicUrl: config.publicUrl, port: server.port, pid: process.pid, dataDir }, () => {
        out.line(`livechat ${version} is running: ${server.url} (public URL ${config.publicUrl}), data in ${dataDir}. Press Ctrl+C to stop.`);
      });

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) {
          out.warn(`${signal} again: exiting without waiting.`);
          process.exit(1);
        }
        stopping = true;
        out.progress(`${signal}: finishing in-flight requests and closing connections...`);
        await server.close();
        removePidFile(dataDir);
        out.progress('livechat stopped.');
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT received'));
      process.on('SIGTERM', () => void stop('SIGTERM received'));
      // The terminal it runs in was closed (or its `script`/ssh session ended): stop cleanly, not half-way.
      process.on('SIGHUP', () => {
        // Writing to a terminal that is gone fails (EIO): the shutdown must not die of its own last words.
        for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
        void stop('SIGHUP received (the terminal closed)');
      });
      // Started by npm (npx, npm start): npm's shell does not pass a SIGTERM on, so stop with npm.
      const { detectLauncher } = await import('../launcher.js');
      if (detectLauncher().via === 'npm') {
        const { followParent } = await import('../followParent.js');
        followParent(() => void stop('npm, which started livechat, has exited'));
      }
    });
}
