import type { DomainContext } from '../types.js';
import type { Instance } from '../../db/models/types.js';
import type { CannedResponseRow } from '../../db/models/cannedResponse.js';

/** Deletes a saved reply (the caller found it and checked the user may write replies of its scope). */
export async function deleteCannedResponse(ctx: DomainContext, row: Instance<CannedResponseRow>) {
  await row.destroy({ transaction: ctx.transaction });
}
