import { startServer, type RunningServer } from '../../lib/server.js';
import { createLogger } from '../../lib/logger.js';
import { loadConfig } from '../../lib/config/load.js';
import type { Installed } from './install.js';
import type { Clock } from '../../lib/clock.js';

/**
 * The real server for an install, listening on loopback: a free port, or the given one (a restart);
 * `clock` is one the test moves (test/helpers/manualClock.ts; see StartOptions.clock).
 */
export async function startTestServer(install: Installed, port = 0, options: { clock?: Clock; aiAnalysis?: boolean } = {}): Promise<RunningServer & { baseUrl: string }> {
  // The message analysis trains a classifier at start-up: only the tests of it pay for that.
  const config = loadConfig({ flags: { dataDir: install.dataDir, server: { port, host: '127.0.0.1' }, jobs: { enabled: false }, ai: { analysis: options.aiAnalysis ?? false } }, env: {} });
  const server = await startServer({ config, logger: createLogger(process.env.LIVECHAT_TEST_LOG_LEVEL ?? 'silent'), clock: options.clock });
  return { ...server, baseUrl: `http://127.0.0.1:${server.port}` };
}
