import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { Instance } from '../../db/models/types.js';
import type { CannedResponseRow } from '../../db/models/cannedResponse.js';
import type { cannedResponsePatch as patchInput } from './cannedInput.js';

/** Changes a saved reply (the caller found it and checked both the old and the new scope). */
export async function updateCannedResponse(ctx: DomainContext, row: Instance<CannedResponseRow>, input: z.output<typeof patchInput>) {
  await row.update(
    {
      ...(input.clientId !== undefined ? { client_id: input.clientId } : {}),
      ...(input.shortcut !== undefined ? { shortcut: input.shortcut } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
    },
    { transaction: ctx.transaction },
  );
  return row;
}
