import type { TriggerCondition } from '../../protocol/triggers.js';

/** What the server knows about a visitor on a page when it evaluates a website's triggers. */
export interface VisitorFacts {
  url: string;
  /** Seconds on this page and since the visit began; null at page load, before the loader asks. */
  secondsOnPage: number | null;
  secondsOnSite: number | null;
  /** How long the visit had been going on when this page was loaded. */
  siteSecondsAtLoad: number;
  totalVisits: number;
  referrer: string | null;
  utm: Record<string, string> | null;
  country: string | null;
  device: string | null;
  open: boolean;
  /** The host page's custom attributes; null when not known (at page load). */
  attributes: Record<string, string> | null;
}

/** A glob: `*` any run of characters, everything else literal (no user-written regex, so no ReDoS). */
function globMatches(glob: string, text: string) {
  const parts = glob.toLowerCase().split('*');
  const t = text.toLowerCase();
  if (parts.length === 1) return t === parts[0];
  if (!t.startsWith(parts[0]) || !t.endsWith(parts[parts.length - 1])) return false;
  let at = parts[0].length;
  for (const part of parts.slice(1, -1)) {
    const found = t.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return at <= t.length - parts[parts.length - 1].length;
}

const contains = (text: string | null, part: string) => !!text && text.toLowerCase().includes(part.toLowerCase());

/** true or false; undefined when the fact is not known yet (time, attributes at page load). */
type Check<K extends TriggerCondition['kind']> = (c: Extract<TriggerCondition, { kind: K }>, f: VisitorFacts) => boolean | undefined;

const checks: { [K in TriggerCondition['kind']]: Check<K> } = {
  url: (c, f) => (c.match === 'contains' ? contains(f.url, c.value) : globMatches(c.value, f.url)),
  timeOnPage: (c, f) => (f.secondsOnPage === null ? undefined : f.secondsOnPage >= c.seconds),
  timeOnSite: (c, f) => (f.secondsOnSite === null ? undefined : f.secondsOnSite >= c.seconds),
  visitCount: (c, f) => (c.min === null || f.totalVisits >= c.min) && (c.max === null || f.totalVisits <= c.max),
  visitorType: (c, f) => (c.value === 'new') === (f.totalVisits <= 1),
  referrer: (c, f) => contains(f.referrer, c.value),
  utm: (c, f) => (f.utm?.[`utm_${c.param}`] ?? '').toLowerCase() === c.value.toLowerCase(),
  country: (c, f) => !!f.country && c.values.some((v) => v.toLowerCase() === f.country!.toLowerCase()),
  device: (c, f) => f.device === c.value,
  businessHours: (c, f) => (c.value === 'open') === f.open,
  attribute: (c, f) => (f.attributes === null ? undefined : f.attributes[c.name] === c.value),
};

/** Whether every condition holds (true), one fails (false), or it depends on what is not known yet (undefined). */
export function matchConditions(conditions: TriggerCondition[], facts: VisitorFacts): boolean | undefined {
  let known = true;
  for (const c of conditions) {
    const r = (checks[c.kind] as Check<typeof c.kind>)(c as never, facts);
    if (r === false) return false;
    if (r === undefined) known = false;
  }
  return known ? true : undefined;
}

/**
 * Seconds on the page after which a rule whose other conditions may hold can fire: its time on
 * page, or what its time on site still needs, whichever comes later.
 */
export function secondsUntilDue(conditions: TriggerCondition[], siteSecondsAtLoad: number) {
  let wait = 0;
  for (const c of conditions) {
    if (c.kind === 'timeOnPage') wait = Math.max(wait, c.seconds);
    if (c.kind === 'timeOnSite') wait = Math.max(wait, c.seconds - siteSecondsAtLoad);
  }
  return Math.ceil(wait);
}
