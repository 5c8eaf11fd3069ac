import { z } from 'zod';
import { IANAZone } from 'luxon';
import { singleLineText } from '../schemas.js';
import type { BusinessHours, Weekday } from '../../protocol/http.js';
import { WEEKDAYS } from './openingState.js';

const time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time like 09:00 (24:00 for midnight)');
const range = z
  .object({ from: time, to: time })
  .strict()
  .refine((r) => r.from < r.to && r.from !== '24:00', { message: 'must end after it starts (a range past midnight is two ranges: until 24:00, then from 00:00)' });
const day = z
  .array(range)
  .max(6)
  .refine((ranges) => {
    const sorted = [...ranges].sort((a, b) => a.from.localeCompare(b.from));
    return sorted.every((r, i) => i === 0 || sorted[i - 1].to <= r.from);
  }, { message: 'the ranges of a day must not overlap' });

/** A website's business hours as a super admin sends them (every key: the dashboard sends the whole form). */
export const businessHoursInput = z
  .object({
    enabled: z.boolean(),
    timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), { message: 'must be an IANA time zone such as Europe/Berlin' }),
    weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, day])) as Record<Weekday, typeof day>).strict(),
    closedDates: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-25').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'is not a date' }))
      .max(400)
      .transform((dates) => [...new Set(dates)].sort()),
    outside: z.enum(['offline_form', 'hide']),
    awayText: singleLineText.pipe(z.string().trim().max(500)),
  })
  .strict() satisfies z.ZodType<BusinessHours, unknown>;
