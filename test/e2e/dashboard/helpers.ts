import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { TEST_PASSWORD } from '../../helpers/factories.js';

/**
 * Records what the dashboard does to alert an agent: desktop notifications (the Notification API,
 * granted) and tones played (HTMLMediaElement.play). `window.__hidden` plays "tab in the background".
 */
// A string, not a function: the test runner's transpiler would add helpers the page does not have.
const RECORD_ALERTS = `
  window.__alerts = [];
  window.__hidden = false;
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
  window.Notification = class {
    constructor(title, options) { window.__alerts.push({ kind: 'desktop', title, body: (options && options.body) || '' }); this.onclick = null; }
    close() {}
  };
  window.Notification.permission = 'granted';
  window.Notification.requestPermission = async () => 'granted';
  HTMLMediaElement.prototype.play = function () {
    window.__alerts.push({ kind: 'sound', tone: this.dataset.tone });
    return Promise.resolve();
  };
`;

export interface AgentPage {
  context: BrowserContext;
  page: Page;
  alerts(): Promise<{ kind: string; title?: string; body?: string; tone?: string }[]>;
}

/** A fresh browser context (own cookies) signed in through the login form. `setUp` runs on the context before the first page. */
export async function signInAs(browser: Browser, baseUrl: string, email: string, viewport = { width: 1440, height: 900 }, phone = false, setUp?: (context: BrowserContext) => Promise<unknown>): Promise<AgentPage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl, ...(phone ? { hasTouch: true, isMobile: true } : {}) });
  await context.addInitScript({ content: RECORD_ALERTS });
  await setUp?.(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${email}] page error:`, err.message));
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=agent-name]');
  return { context, page, alerts: () => page.evaluate(() => (window as unknown as { __alerts: never[] }).__alerts) };
}

/**
 * The dashboard's socket through a switch (a Playwright WebSocket route to the real server): cut()
 * drops the connection and refuses new ones, as a network outage does; restore() lets them through.
 */
export function socketSwitch() {
  let down = false;
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  return {
    install: (context: BrowserContext) =>
      context.routeWebSocket(/\/ws(\?|$)/, (ws) => {
        if (down) return void ws.close({ code: 1011, reason: 'network down' });
        open.add({ page: ws, server: ws.connectToServer() });
      }),
    async cut() {
      down = true;
      for (const ws of open) {
        await ws.page.close({ code: 1011, reason: 'network down' });
        await ws.server.close({ code: 1001, reason: 'network down' });
      }
      open.clear();
    },
    restore() {
      down = false;
    },
  };
}
