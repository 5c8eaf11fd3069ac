import { z } from 'zod';
import { multilineText, singleLineText } from '../schemas.js';

const fields = {
  clientId: z.number().int().positive().nullable(),
  shortcut: z.string().trim().toLowerCase().regex(/^[a-z0-9_-]{1,40}$/, 'may hold a-z, 0-9, _ and - only (at most 40)'),
  title: singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(120)),
  body: multilineText.pipe(z.string().trim().min(1, 'must not be empty').max(5000)),
};

/** A saved reply: `/shortcut` finds it while typing; body is what gets inserted; no clientId: every website. */
export const cannedResponseInput = z.object({ ...fields, clientId: fields.clientId.default(null) });

/** A change: only the fields given (no defaults, so an edit never moves a reply to another scope). */
export const cannedResponsePatch = z.object(fields).partial();
