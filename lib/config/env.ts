import type { ConfigLayer } from './schema.js';

type Coerce = 'string' | 'number' | 'boolean' | 'booleanOrNumber' | 'nullable';

/** LIVECHAT_* environment variables and the config key each one sets (documented in config/README.md). */
export const ENV_KEYS: Record<string, { path: string; type: Coerce }> = {
  LIVECHAT_DATA_DIR: { path: 'dataDir', type: 'string' },
  LIVECHAT_PUBLIC_URL: { path: 'publicUrl', type: 'string' },
  LIVECHAT_HOST: { path: 'server.host', type: 'string' },
  LIVECHAT_PORT: { path: 'server.port', type: 'number' },
  LIVECHAT_TRUST_PROXY: { path: 'server.trustProxy', type: 'booleanOrNumber' },
  LIVECHAT_DB_DIALECT: { path: 'database.dialect', type: 'string' },
  LIVECHAT_DB_URL: { path: 'database.url', type: 'nullable' },
  LIVECHAT_DB_SOCKET: { path: 'database.socket', type: 'nullable' },
  LIVECHAT_DB_STORAGE: { path: 'database.storage', type: 'string' },
  LIVECHAT_DB_CONNECT_TIMEOUT_MS: { path: 'database.connectTimeoutMs', type: 'number' },
  LIVECHAT_DB_ACQUIRE_TIMEOUT_MS: { path: 'database.acquireTimeoutMs', type: 'number' },
  LIVECHAT_DB_QUERY_TIMEOUT_MS: { path: 'database.queryTimeoutMs', type: 'number' },
  LIVECHAT_READY_TIMEOUT_MS: { path: 'server.readyTimeoutMs', type: 'number' },
  LIVECHAT_REDIS_COMMAND_TIMEOUT_MS: { path: 'redis.commandTimeoutMs', type: 'number' },
  LIVECHAT_REDIS_URL: { path: 'redis.url', type: 'nullable' },
  LIVECHAT_SMTP_URL: { path: 'smtp.url', type: 'nullable' },
  LIVECHAT_SMTP_FROM: { path: 'smtp.from', type: 'string' },
  LIVECHAT_SESSION_SECRET: { path: 'secrets.session', type: 'nullable' },
  LIVECHAT_VISITOR_TOKEN_SECRET: { path: 'secrets.visitorToken', type: 'nullable' },
  LIVECHAT_BACKUP_KEY: { path: 'secrets.backupKey', type: 'nullable' },
  LIVECHAT_JOBS_ENABLED: { path: 'jobs.enabled', type: 'boolean' },
  LIVECHAT_TIMEZONE: { path: 'jobs.timezone', type: 'string' },
  LIVECHAT_AI_ANALYSIS: { path: 'ai.analysis', type: 'boolean' },
  LIVECHAT_AI_MODEL_URL: { path: 'ai.model.baseUrl', type: 'nullable' },
  LIVECHAT_AI_MODEL: { path: 'ai.model.name', type: 'string' },
  LIVECHAT_AI_MODEL_KEY: { path: 'ai.model.apiKey', type: 'nullable' },
  LIVECHAT_AI_MODEL_TIMEOUT_MS: { path: 'ai.model.timeoutMs', type: 'number' },
  LIVECHAT_VISITOR_MESSAGES_PER_MINUTE: { path: 'chat.visitorMessagesPerMinute', type: 'number' },
  LIVECHAT_VISITOR_MESSAGE_BURST: { path: 'chat.visitorMessageBurst', type: 'number' },
  LIVECHAT_VISITOR_OFFLINE_GRACE_SECONDS: { path: 'chat.visitorOfflineGraceSeconds', type: 'number' },
  LIVECHAT_LOG_LEVEL: { path: 'log.level', type: 'string' },
  LIVECHAT_LOG_FORMAT: { path: 'log.format', type: 'string' },
  // Limits: an operator tunes them for a busy office or a flood without editing the file.
  LIVECHAT_MAX_FAILED_LOGINS: { path: 'auth.maxFailedLogins', type: 'number' },
  LIVECHAT_MAX_FAILED_LOGINS_PER_ACCOUNT: { path: 'auth.maxFailedLoginsPerAccount', type: 'number' },
  LIVECHAT_LOCKOUT_MINUTES: { path: 'auth.lockoutMinutes', type: 'number' },
  LIVECHAT_LOGIN_RATE_LIMIT_PER_MINUTE: { path: 'auth.loginRateLimitPerMinute', type: 'number' },
  LIVECHAT_AGENT_MESSAGES_PER_MINUTE: { path: 'chat.agentMessagesPerMinute', type: 'number' },
  LIVECHAT_WIDGET_REQUESTS_PER_MINUTE: { path: 'chat.widgetRequestsPerMinute', type: 'number' },
  LIVECHAT_MAX_CONNECTIONS_PER_VISITOR: { path: 'chat.maxConnectionsPerVisitor', type: 'number' },
  LIVECHAT_MAX_CONNECTIONS_PER_ADDRESS: { path: 'chat.maxConnectionsPerAddress', type: 'number' },
  LIVECHAT_UPLOADS_PER_MINUTE: { path: 'files.uploadsPerMinute', type: 'number' },
  LIVECHAT_EXPORTS_DOWNLOAD_MAX_CHATS: { path: 'exports.downloadMaxChats', type: 'number' },
  LIVECHAT_API_REQUESTS_PER_MINUTE: { path: 'api.requestsPerMinute', type: 'number' },
};

function coerce(raw: string, type: Coerce): unknown {
  switch (type) {
    case 'number':
      return raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw);
    case 'boolean':
      return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(raw.toLowerCase()) ? false : raw;
    case 'booleanOrNumber':
      return /^\d+$/.test(raw.trim()) ? Number(raw) : coerce(raw, 'boolean');
    case 'nullable':
      return raw === '' ? null : raw;
    default:
      return raw;
  }
}

function setPath(target: ConfigLayer, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as ConfigLayer;
  }
  node[keys[keys.length - 1]] = value;
}

/** The configuration layer that the environment gives. Only this module and load.ts look at env vars. */
export function layerFromEnv(env: NodeJS.ProcessEnv): ConfigLayer {
  const layer: ConfigLayer = {};
  for (const [name, { path, type }] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined) setPath(layer, path, coerce(raw, type));
  }
  return layer;
}
