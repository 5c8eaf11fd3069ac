import type { Browser, BrowserContext, Page } from 'playwright-core';
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

/** A fresh browser context (own cookies) signed in through the login form. */
export async function signInAs(browser: Browser, baseUrl: string, email: string, viewport = { width: 1440, height: 900 }, phone = false): Promise<AgentPage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl, ...(phone ? { hasTouch: true, isMobile: true } : {}) });
  await context.addInitScript({ content: RECORD_ALERTS });
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
