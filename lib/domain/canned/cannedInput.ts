import { z } from 'zod';

/** A saved reply: `/shortcut` finds it while typing; body is what gets inserted. */
export const cannedResponseInput = z.object({
  clientId: z.number().int().positive().nullable().default(null),
  shortcut: z.string().trim().toLowerCase().regex(/^[a-z0-9_-]{1,40}$/, 'may hold a-z, 0-9, _ and - only (at most 40)'),
  title: z.string().trim().min(1, 'must not be empty').max(120),
  body: z.string().trim().min(1, 'must not be empty').max(5000),
});
