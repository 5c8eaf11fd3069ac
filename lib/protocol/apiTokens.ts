/**
 * API tokens (/api/v1): what each scope lets a token do. A token never does more than its user:
 * the dashboard's policies are asked as well, with the user's live role and websites.
 */
export const API_SCOPES = ['chats:read', 'messages:write', 'reports:read', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  'chats:read': 'Read chats, visitors and websites',
  'messages:write': 'Send messages and close chats',
  'reports:read': 'Read report figures',
  admin: 'Everything the user may do through the API (agents too)',
};

/** A token as its owner sees it in the profile page; the secret itself only once, when created. */
export interface ApiTokenDTO {
  id: number;
  name: string;
  scopes: ApiScope[];
  /** The secret's first characters, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
