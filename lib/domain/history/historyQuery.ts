import { z } from 'zod';
import { CHAT_STATUSES } from '../../db/models/chat.js';
import { id, singleLineText } from '../schemas.js';

/** A query-string list: `a,b` or a repeated key (`?status=a&status=b`), blanks dropped. */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean)),
    z.array(item).max(max, `must list at most ${max}`).optional(),
  );

const instant = z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-12-01T00:00:00Z' }).transform((s) => new Date(s));

/**
 * The chat history's filters as a URL holds them (so a view can be bookmarked), shared by the
 * list, the exports and `livechat report`. Dates are instants: the dashboard turns "yesterday" in
 * the company's timezone into them.
 */
export const historyFilters = z
  .object({
    status: list(z.enum(CHAT_STATUSES), CHAT_STATUSES.length),
    /** Websites (clients); the ones the user may not see find nothing. */
    clientIds: list(id, 100),
    from: instant.optional(),
    to: instant.optional(),
    /** `mine`, `unassigned`, or an agent's id: chats that agent took part in. */
    agent: z.union([z.enum(['mine', 'unassigned']), id]).optional(),
    lead: list(z.enum(['filled', 'pending', 'offline']), 3),
    /** Stars 1-5, or `none` for chats not rated. */
    rating: list(z.union([z.literal('none').transform(() => 0), z.coerce.number().int().min(1, 'must be 1 to 5 or none').max(5, 'must be 1 to 5 or none')]), 6),
    hasFiles: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    /** The visitor's name, e-mail or phone (contains), or words of the messages. */
    q: singleLineText.pipe(z.string().trim().min(2, 'must be at least 2 characters').max(100, 'must be at most 100 characters')).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'must be after from', path: ['to'] });

export type HistoryFilters = z.infer<typeof historyFilters>;

export const historyPageQuery = z.intersection(
  historyFilters,
  z.object({
    /** The `next` of the previous page. */
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);

/** An export: the history's filters, the file format, and whether each chat's messages follow it. */
export const historyExportQuery = z.intersection(
  historyFilters,
  z.object({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    messages: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false),
  }),
);
