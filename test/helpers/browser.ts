import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { testEnv } from './env.js';

/** Where Debian's chromium package puts the browser; LIVECHAT_TEST_CHROMIUM overrides it. */
const CANDIDATES = [process.env.LIVECHAT_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

export function chromiumPath(): string | null {
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Mocha hook for a describe block that drives a real Chromium. Without a browser the block is
 * skipped locally and fails in CI, where browser tests are required.
 */
export function withBrowser(options: { backForwardCache?: boolean } = {}): { browser: Browser } {
  const holder = {} as { browser: Browser };
  before(async function () {
    const executablePath = chromiumPath();
    if (!executablePath) {
      if (testEnv.ci) throw new Error('CI=true but Chromium is missing: apt-get install -y chromium (browser tests are required in CI).');
      this.skip();
    }
    holder.browser = await chromium.launch({
      executablePath: executablePath!,
      headless: true,
      // Playwright turns the back/forward cache off unless asked to leave it on.
      ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });
  after(async () => {
    await holder.browser?.close();
  });
  return holder;
}

/** test-artifacts/<name>.png in the project folder (ignored by git; CI keeps the folder). */
export function artifactPath(name: string): string {
  const dir = path.resolve('test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
