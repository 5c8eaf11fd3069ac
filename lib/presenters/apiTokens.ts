import type { ApiTokenRow } from '../db/models/apiToken.js';
import type { ApiScope, ApiTokenDTO } from '../protocol/apiTokens.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A token as its owner sees it: never its hash, never its secret. */
export const presentApiToken = (t: ApiTokenRow): ApiTokenDTO => ({
  id: t.id,
  name: t.name,
  scopes: JSON.parse(t.scopes) as ApiScope[],
  prefix: t.prefix,
  createdAt: new Date(t.created_at).toISOString(),
  lastUsedAt: iso(t.last_used_at),
  revokedAt: iso(t.revoked_at),
});
