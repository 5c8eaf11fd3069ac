import type { DomainContext } from '../types.js';
import { enabledTriggers, isChatting, loadTriggerFacts, mayShowAgain } from './triggerFacts.js';
import { matchConditions, secondsUntilDue } from './matchTrigger.js';

/** At most this many checks per page view, and none later than an hour on the page. */
const MAX_CHECKS = 5;
const MAX_WAIT = 3600;

/**
 * When a page is loaded: the seconds on that page after which the loader should ask whether a
 * greeting is due (POST /api/widget/triggers/check), one per rule whose known conditions hold now
 * (time and custom attributes are judged at the check). Empty when no rule can fire on this page,
 * which is the common case: the loader then sets no timer and sends nothing.
 */
export async function dueTriggers(ctx: DomainContext, clientId: number, visitorId: number, pageVisitId: number): Promise<number[]> {
  // Most websites have none: one query, and the page load costs nothing more.
  const rules = await enabledTriggers(ctx, clientId);
  if (!rules.length) return [];
  const { session, visitor, facts } = await loadTriggerFacts(ctx, visitorId, pageVisitId, null);
  if (await isChatting(ctx, visitor.id)) return [];
  const waits = new Set<number>();
  for (const rule of rules) {
    if (matchConditions(rule.conditions, facts) === false || !(await mayShowAgain(ctx, rule, visitor.id, session.id))) continue;
    const wait = secondsUntilDue(rule.conditions, facts.siteSecondsAtLoad);
    if (wait <= MAX_WAIT) waits.add(wait);
  }
  return [...waits].sort((a, b) => a - b).slice(0, MAX_CHECKS);
}
