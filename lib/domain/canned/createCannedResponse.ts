import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { cannedResponseInput } from './cannedInput.js';

/** Stores a saved reply. The caller has decided the user may write replies for that scope. */
export async function createCannedResponse(ctx: DomainContext, userId: number, input: z.output<typeof cannedResponseInput>) {
  return ctx.models.CannedResponse.create(
    { client_id: input.clientId, shortcut: input.shortcut, title: input.title, body: input.body, created_by: userId },
    { transaction: ctx.transaction },
  );
}
