import { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import type { DomainContext } from '../types.js';
import { singleLineText } from '../schemas.js';
import { notFound } from '../../errors.js';

export const assistantSettingsInput = z.object({
  mode: z.enum(['off', 'offline', 'always'], { message: 'must be off, offline or always' }),
  name: singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(40)),
});

export const DEFAULT_ASSISTANT = { mode: 'off', name: 'Assistant' } as const;

/** A website's assistant settings (no row: off, named Assistant). */
export async function readAssistantSettings(models: Models, clientId: number) {
  const row = await models.AssistantSetting.findByPk(clientId);
  return { clientId, mode: row?.mode ?? DEFAULT_ASSISTANT.mode, name: row?.name ?? DEFAULT_ASSISTANT.name };
}

/** Sets when the website's assistant answers and its name (the caller may manage the website). */
export async function saveAssistantSettings(ctx: DomainContext, clientId: number, input: z.output<typeof assistantSettingsInput>) {
  if (!(await ctx.models.Client.findByPk(clientId, { transaction: ctx.transaction }))) throw notFound('client');
  const row = await ctx.models.AssistantSetting.findByPk(clientId, { transaction: ctx.transaction });
  if (row) await row.update({ mode: input.mode, name: input.name }, { transaction: ctx.transaction });
  else await ctx.models.AssistantSetting.create({ client_id: clientId, mode: input.mode, name: input.name }, { transaction: ctx.transaction });
  return { clientId, ...input };
}
