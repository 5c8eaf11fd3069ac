import { z } from 'zod';
import { singleLineText } from '../schemas.js';
import { ROUTING_MODES } from '../../db/models/department.js';

export const routingMode = z.enum(ROUTING_MODES);

const fields = {
  name: singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(80)),
  /** null: the website's mode. */
  routingMode: routingMode.nullable(),
  /** The agents of the website who answer for it. */
  agentIds: z.array(z.number().int().positive()).max(500),
};

/** A new department of a website. */
export const departmentInput = z.object({ ...fields, routingMode: fields.routingMode.default(null), agentIds: fields.agentIds.default([]) }).strict();
/** A change: only the fields given. */
export const departmentPatch = z.object(fields).partial().strict();

/** A website's routing: its mode, and how long an auto-assigned chat waits for its agent to join. */
export const routingSettingsInput = z.object({ routingMode, acceptTimeoutSeconds: z.number().int().min(5).max(600) }).partial().strict();
