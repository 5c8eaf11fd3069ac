import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { email, password, personName, pseudoName, role, id } from '../schemas.js';
import { hashPassword } from '../auth/passwords.js';
import { recordAudit } from '../audit/recordAudit.js';
import { conflict } from '../../errors.js';
import { assignAgent } from './assignAgent.js';

export const createAgentInput = z.object({
  email,
  name: personName,
  pseudoName: pseudoName.optional(),
  password,
  role: role.default('agent'),
  clientIds: z.array(id).default([]),
});

/**
 * Adds a user (super admin, manager or agent) and assigns it to clients. E-mail is unique.
 * `mustChangePassword`: the password was made by someone else (the CLI), so its owner replaces it first.
 */
export async function createAgent(ctx: DomainContext, raw: z.input<typeof createAgentInput>, { mustChangePassword = false } = {}) {
  const input = parseInput(createAgentInput, raw);
  const existing = await ctx.models.User.findOne({ where: { email: input.email }, transaction: ctx.transaction });
  if (existing) throw conflict(`An account with the e-mail ${input.email} already exists.`);
  const user = await ctx.models.User.create(
    {
      email: input.email,
      name: input.name,
      pseudo_name: input.pseudoName ?? input.name.split(/\s+/)[0],
      password_hash: await hashPassword(input.password),
      role: input.role,
      status: 'offline',
      is_active: true,
      push_subscriptions: [],
      preferences: {},
      must_change_password: mustChangePassword,
    },
    { transaction: ctx.transaction },
  );
  await recordAudit(ctx, { action: 'agent.created', targetType: 'user', targetId: user.id, details: { email: user.email, role: user.role } });
  for (const clientId of input.clientIds) await assignAgent(ctx, { userId: user.id, clientId });
  return user;
}
