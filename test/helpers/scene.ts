import type { Database } from '../../lib/db/index.js';
import { installFixture, type Installed } from './install.js';
import { startTestServer } from './server.js';
import { factories } from './factories.js';
import type { Dialect } from './databases.js';

export interface Scene {
  install: Installed;
  server: Awaited<ReturnType<typeof startTestServer>>;
  db: Database;
  f: ReturnType<typeof factories>;
}

/** Mocha hooks for a describe block: a migrated install of the dialect and a database handle, without a server. */
export function withDatabase(dialect: Dialect, config: Record<string, unknown> = {}): Omit<Scene, 'server'> {
  const scene = {} as Omit<Scene, 'server'>;
  before(async () => {
    scene.install = await installFixture(dialect, config);
    scene.db = scene.install.open();
    scene.f = factories(scene.db);
  });
  after(async () => {
    await scene.db?.close();
    await scene.install?.cleanup();
  });
  return scene;
}

/**
 * Mocha hooks for a describe block: a migrated install of the dialect (with config overrides),
 * the real server on it, a database handle and factories; all taken down afterwards.
 */
export function withServer(dialect: Dialect, config: Record<string, unknown> = {}, serverOptions: { aiAnalysis?: boolean } = {}): Scene {
  const scene = {} as Scene;
  before(async () => {
    scene.install = await installFixture(dialect, config);
    scene.db = scene.install.open();
    scene.f = factories(scene.db);
    scene.server = await startTestServer(scene.install, 0, serverOptions);
  });
  after(async () => {
    await scene.server?.close();
    await scene.db?.close();
    await scene.install?.cleanup();
  });
  return scene;
}
