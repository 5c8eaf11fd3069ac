import { z } from 'zod';
import { id, singleLineText, messageBody } from '../schemas.js';

const shortText = (max: number) => singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(max));
const seconds = z.number().int().min(0).max(86_400);

/** One condition of a trigger (lib/protocol/triggers.ts says what each means). */
export const triggerCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), match: z.enum(['contains', 'glob']), value: shortText(500) }),
  z.object({ kind: z.literal('timeOnPage'), seconds }),
  z.object({ kind: z.literal('timeOnSite'), seconds }),
  z.object({ kind: z.literal('visitCount'), min: z.number().int().min(1).nullable(), max: z.number().int().min(1).nullable() }),
  z.object({ kind: z.literal('visitorType'), value: z.enum(['new', 'returning']) }),
  z.object({ kind: z.literal('referrer'), value: shortText(500) }),
  z.object({ kind: z.literal('utm'), param: z.enum(['source', 'medium', 'campaign', 'term', 'content']), value: shortText(200) }),
  z.object({ kind: z.literal('country'), values: z.array(shortText(80)).min(1).max(50) }),
  z.object({ kind: z.literal('device'), value: z.enum(['desktop', 'mobile', 'tablet']) }),
  z.object({ kind: z.literal('businessHours'), value: z.enum(['open', 'closed']) }),
  z.object({ kind: z.literal('attribute'), name: shortText(60), value: shortText(200) }),
]).superRefine((c, issue) => {
  if (c.kind !== 'visitCount') return;
  if (c.min === null && c.max === null) issue.addIssue({ code: 'custom', message: 'give a minimum or a maximum number of visits' });
  if (c.min !== null && c.max !== null && c.min > c.max) issue.addIssue({ code: 'custom', message: 'the minimum must not be above the maximum' });
});

/**
 * Opening the chat shows the greeting only when it is a message in a chat, that is sent as an agent;
 * as the website it is a toast (no chat starts until the visitor writes).
 */
export const triggerAction = z
  .object({ text: messageBody, agentId: id.nullable(), show: z.enum(['toast', 'open']) })
  .strict()
  .refine((a) => a.show === 'toast' || a.agentId !== null, { message: 'opening the chat needs a greeting sent as an agent (as the website it is a toast)', path: ['show'] });

/** A trigger as the dashboard sends it (a patch: any of its fields). */
const triggerFields = z.object({
  name: shortText(120),
  enabled: z.boolean(),
  priority: z.number().int().min(0).max(10_000),
  conditions: z.array(triggerCondition).max(20),
  action: triggerAction,
  frequencyDays: z.number().int().min(1).max(365).nullable(),
});
export const triggerInput = triggerFields.extend({ enabled: z.boolean().default(true), priority: triggerFields.shape.priority.default(0), frequencyDays: triggerFields.shape.frequencyDays.default(null) }).strict();
export const triggerPatch = triggerFields.partial().strict();
