import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { artifactPath } from '../../helpers/browser.js';
import { renderSnippet } from '../../../lib/domain/clients/renderSnippet.js';
import { waitFor } from '../../helpers/wait.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories } from '../../helpers/factories.js';
import type { Database } from '../../../lib/db/index.js';

/**
 * A customer's website on another origin than livechat (localhost vs 127.0.0.1, another port):
 * pages that embed the real snippet that `livechat snippet` prints, plus whatever a test adds.
 */
export async function hostSite() {
  const pages = new Map<string, (req: http.IncomingMessage) => string>();
  const server = http.createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ? page(req) : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://localhost:${port}`,
    /** The domain to give the website in livechat. */
    domain: `localhost:${port}`,
    page(path: string, html: (req: http.IncomingMessage) => string) {
      pages.set(path, html);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Mocha hooks for a widget suite: a SQLite install with its server, factories, and a host site of
 * another origin, made before the suite and removed after it. The returned object's fields are
 * filled in by the `before` hook.
 */
export function widgetWorld() {
  const world = {} as { install: Installed; db: Database; f: ReturnType<typeof factories>; site: Awaited<ReturnType<typeof hostSite>>; server: Awaited<ReturnType<typeof startTestServer>> };
  before(async () => {
    world.install = await installFixture('sqlite');
    world.db = world.install.open();
    world.f = factories(world.db);
    world.site = await hostSite();
    world.server = await startTestServer(world.install);
  });
  after(async () => {
    await world.server?.close();
    await world.site?.close();
    await world.db?.close();
    await world.install?.cleanup();
  });
  return world;
}

/** A plain page of the customer's site with the snippet at the end of the body. */
export const sitePage = (livechatUrl: string, widgetKey: string, title: string, extra = '') =>
  `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>button{all:unset}*{color:red!important}</style></head><body><h1>${title}</h1>${extra}${renderSnippet(livechatUrl, widgetKey)}</body></html>`;

/** The launcher button (in the loader's shadow root) and the chat app's frame. */
export const launcher = (page: Page) => page.locator('[data-livechat] button.l');
export const chatFrame = (page: Page): FrameLocator => page.frameLocator('[data-livechat] iframe');
export const appFrame = (page: Page): Frame => {
  const frame = page.frames().find((f) => f.url().includes('/widget/app/'));
  expect(frame, 'the chat app frame').to.not.equal(undefined);
  return frame!;
};

/** Polls a condition (a database row, an event) until it holds. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  return (await waitFor('the condition', fn, timeoutMs, 100)) as T;
}

/**
 * After a failed test: a screenshot (test-artifacts/failed-<title>.png) and what the chat app
 * showed, as text, so a failure in CI can be read without re-running it.
 */
export async function recordFailure(test: Mocha.Test | undefined, page: Page | undefined) {
  if (!test || test.state !== 'failed' || !page) return;
  const journal = journals.get(page);
  if (journal) console.log(`--- what the page and its chat app went through:\n${journal.join('\n')}\n---`);
  if (page.isClosed()) return;
  const name = test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  await page.screenshot({ path: artifactPath(`failed-${name}.png`) }).catch(() => {});
  const frame = page.frames().find((f) => f.url().includes('/widget/app/'));
  const text = frame ? await frame.locator('body').innerText({ timeout: 2000 }).catch((e) => `(unreadable: ${e.message})`) : '(no chat frame)';
  // What innerText leaves out: what the fields hold and where the keyboard is.
  const fields = frame
    ? await frame
        .evaluate(() => ({
          focused: document.activeElement?.outerHTML.slice(0, 160) ?? null,
          trace: (window as unknown as { __lcTrace?: string[] }).__lcTrace?.slice(-20) ?? null,
          fields: [...document.querySelectorAll('input, textarea, select')].map((el) => `${el.getAttribute('aria-label') ?? el.id}=${JSON.stringify((el as HTMLInputElement).value)}`),
        }))
        .catch((e: Error) => `(unreadable: ${e.message})`)
    : null;
  const pageFocus = await page
    .evaluate(() => {
      const active = document.activeElement;
      const inner = active?.shadowRoot?.activeElement;
      return `${active?.tagName ?? 'none'}${inner ? ` > ${inner.tagName}.${inner.className}` : ''}; document has focus: ${document.hasFocus()}`;
    })
    .catch(() => null);
  console.log(`--- the chat app after "${test.title}" (frame ${frame?.url() ?? 'none'}):\n${text}\n--- fields and focus: ${JSON.stringify(fields)}; the host page's focus: ${pageFocus}\n---`);
}

const journals = new WeakMap<Page, string[]>();

/**
 * Keeps a journal of what happens to a page and its frames (loads, navigations, detaches, crashes,
 * errors, failed requests of livechat's), which recordFailure prints: a test that finds the chat
 * app emptied under it can then tell a reloaded frame from a lost event.
 */
export function watchPage(page: Page) {
  const journal: string[] = [];
  // In every frame: uncaught errors and Enter key presses (with what the field held), which the
  // journal's listeners cannot see inside the chat app's cross-origin frame.
  // A string, not a function: the test runner's compiler would add helpers the browser lacks.
  void page.addInitScript(`(() => {
    const trace = (window.__lcTrace = []);
    const at = () => Math.round(performance.now());
    addEventListener('error', (e) => trace.push(at() + ' error ' + e.message));
    addEventListener('unhandledrejection', (e) => trace.push(at() + ' rejection ' + String(e.reason)));
    addEventListener('keydown', (e) => e.key === 'Enter' && trace.push(at() + ' Enter on ' + e.target.tagName + ' holding ' + JSON.stringify(e.target.value)), true);
    addEventListener('input', (e) => trace.push(at() + ' input ' + JSON.stringify(e.target.value)), true);
  })()`);
  journals.set(page, journal);
  const t0 = Date.now();
  const note = (what: string) => journal.push(`${String(Date.now() - t0).padStart(6)} ms ${what}`);
  page.on('framenavigated', (f) => note(`navigated ${f === page.mainFrame() ? 'page' : 'frame'} ${f.url()}`));
  page.on('frameattached', (f) => note(`frame attached ${f.url() || '(blank)'}`));
  page.on('framedetached', (f) => note(`frame detached ${f.url()}`));
  page.on('crash', () => note('page crashed'));
  page.on('pageerror', (err) => note(`page error: ${err.message}`));
  page.on('requestfailed', (r) => note(`request failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && note(`console ${m.type()}: ${m.text()}`));
  return page;
}
