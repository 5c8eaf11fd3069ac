import fs from 'node:fs';
import { QueryTypes } from 'sequelize';
import type { Browser, Page } from 'playwright-core';
import { withServer, type Scene } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { waitForValue } from '../../helpers/wait.js';
import { seedHistory, type HistorySeed } from '../../integration/history/seedHistory.js';
import { signInAs, type AgentPage } from './helpers.js';

/**
 * What the History page tests share: the server with the history tests' chats, Alex (an agent of
 * site A) signed in at 1280x800, the rows shown, the chats SQL says should be, the files downloaded.
 */
export function withHistoryPage(config: Record<string, unknown> = {}) {
  const scene = withServer('sqlite', config);
  const holder = withBrowser();
  const world = { scene, holder } as { scene: Scene; holder: { browser: Browser }; s: HistorySeed; alex: AgentPage };
  before(async () => {
    world.s = await seedHistory(scene);
    world.alex = await signInAs(holder.browser, scene.server.baseUrl, 'alex@a.test', { width: 1280, height: 800 });
  });
  after(async () => {
    await world.alex?.context.close();
  });
  return world;
}

export const shownIds = (page: Page) => page.locator('.rows .row').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.chatId)));

/** Ids of the chats matching `where` (alias c), newest first, as the history orders them. */
export async function expectedIds(scene: Scene, where: string, values: unknown[] = []): Promise<number[]> {
  const rows = await scene.db.sequelize.query<{ id: number }>(`SELECT c.id FROM chats c WHERE ${where} ORDER BY c.started_at DESC, c.id DESC`, { replacements: values, type: QueryTypes.SELECT });
  return rows.map((r) => Number(r.id));
}

/** Waits until the page lists exactly `ids`, in that order (the list settles after each filter). */
export const waitForRows = (page: Page, ids: number[], what = 'the history rows') => waitForValue(what, () => shownIds(page), ids, 10_000);

/** Runs `click` and reads the file the browser downloads. */
export async function downloadOf(page: Page, click: () => Promise<unknown>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), body: fs.readFileSync(await download.path()) };
}
