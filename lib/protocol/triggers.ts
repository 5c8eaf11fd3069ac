/**
 * Proactive triggers (type-only): a website's rule is a list of conditions, all of which must hold,
 * and one action. The dashboard edits them; the server evaluates them (lib/domain/triggers).
 */
export type TriggerCondition =
  /** The page's URL contains `value`, or matches it as a glob (`*` any run of characters). */
  | { kind: 'url'; match: 'contains' | 'glob'; value: string }
  /** Seconds on the current page, and since the visit began. */
  | { kind: 'timeOnPage'; seconds: number }
  | { kind: 'timeOnSite'; seconds: number }
  /** The visitor's visits so far, this one included. */
  | { kind: 'visitCount'; min: number | null; max: number | null }
  | { kind: 'visitorType'; value: 'new' | 'returning' }
  /** The visit's referrer contains `value`. */
  | { kind: 'referrer'; value: string }
  | { kind: 'utm'; param: 'source' | 'medium' | 'campaign' | 'term' | 'content'; value: string }
  /** The visitor's country (as the IP lookup names it) is one of these. */
  | { kind: 'country'; values: string[] }
  | { kind: 'device'; value: 'desktop' | 'mobile' | 'tablet' }
  | { kind: 'businessHours'; value: 'open' | 'closed' }
  /** A custom attribute the host page set with `Livechat('identify', {plan: 'gold'})`. */
  | { kind: 'attribute'; name: string; value: string };

export type TriggerConditionKind = TriggerCondition['kind'];

export interface TriggerAction {
  /** The greeting. */
  text: string;
  /** Sent as this agent (who joins a new chat with it), or null: as the website (a toast only). */
  agentId: number | null;
  /** Show it as a toast above the launcher, or open the widget. */
  show: 'toast' | 'open';
}

export interface TriggerDTO {
  id: number;
  clientId: number;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: TriggerCondition[];
  action: TriggerAction;
  /** Null: once per visitor session; N: once per N days. */
  frequencyDays: number | null;
  counts: { shown: number; accepted: number; chatsStarted: number };
}

/** What the widget's trigger check answers: a greeting to show now, or `{}` (none). */
export type TriggerFireDTO = { showId: number; from: string; text: string; open: boolean } | Record<string, never>;
