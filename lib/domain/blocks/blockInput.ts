import { z } from 'zod';
import { id, singleLineText } from '../schemas.js';
import { parseIpRange } from './ipRange.js';

/** A block as an agent asks for it: a visitor of the website, or an address range, and why. */
export const blockInput = z
  .object({
    visitorId: id.optional(),
    ipRange: z
      .string()
      .trim()
      .max(49)
      .refine((text) => parseIpRange(text) !== null, { message: 'must be an IP address or a range such as 203.0.113.0/24' })
      .optional(),
    reason: singleLineText.pipe(z.string().trim().min(1, 'say why (the other agents see it)').max(500)),
  })
  .strict()
  .refine((b) => (b.visitorId === undefined) !== (b.ipRange === undefined), { message: 'block either a visitor (visitorId) or an address range (ipRange)' });
