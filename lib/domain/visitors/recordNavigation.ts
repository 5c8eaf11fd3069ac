import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { recordPageView } from './recordPageView.js';
import { recordTimeOnPage, type timeOnPageInput } from './recordTimeOnPage.js';
import { dueTriggers } from '../triggers/dueTriggers.js';

/**
 * A single-page-app navigation reported by the loader: the time spent on the page being left (when
 * it says which) and the new page view, live to the agents; and when on that page the loader should
 * ask for a proactive greeting (dueTriggers).
 */
export async function recordNavigation(ctx: DomainContext, visitorId: number, input: { url: string; title?: string | null; left?: z.input<typeof timeOnPageInput> }) {
  if (input.left) await recordTimeOnPage(ctx, visitorId, input.left);
  const view = await recordPageView(ctx, { visitorId, url: input.url, title: input.title ?? null });
  return { ...view, triggerWaits: await dueTriggers(ctx, view.session.client_id, visitorId, view.pageVisit.id) };
}
