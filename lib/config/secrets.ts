import { dataPaths } from '../paths.js';
import { ConfigError } from './load.js';
import type { Config } from './schema.js';

/**
 * The configuration the server runs with: its signing keys are present. The file and environment
 * may leave secrets out (the CLI commands that never sign anything, such as `doctor`, `migrate` or
 * `client add`, still run and say what is missing), but nothing that serves requests gets a Config
 * without them: createApp and the realtime engine take this type, and startServer makes it.
 */
export type ServerConfig = Config & { secrets: Config['secrets'] & { session: string; visitorToken: string } };

/** The secrets the server cannot run without, what each one signs, and its variable. */
const SERVER_SECRETS = [
  { key: 'session', env: 'LIVECHAT_SESSION_SECRET', signs: 'dashboard sessions and download links' },
  { key: 'visitorToken', env: 'LIVECHAT_VISITOR_TOKEN_SECRET', signs: "widget visitors' tokens" },
] as const;

export const GENERATE_SECRET_HINT = 'run `livechat install --non-interactive` again (it keeps every existing setting and secret and writes only the missing ones), or set it to the output of `openssl rand -hex 32`';

/** One line per missing server secret, saying how to make it; empty when none is missing. */
export function missingServerSecrets(config: Config): string[] {
  return SERVER_SECRETS.filter(({ key }) => !config.secrets[key]).map(
    ({ key, env, signs }) => `secrets.${key}: is required (it signs ${signs}): ${GENERATE_SECRET_HINT}, in the config file or ${env}`,
  );
}

/** The configuration with its server secrets, or a ConfigError that lists each missing one and how to generate it. */
export function requireServerSecrets(config: Config): ServerConfig {
  const missing = missingServerSecrets(config);
  if (missing.length > 0) throw new ConfigError(missing, dataPaths(config.dataDir).configFile);
  return config as ServerConfig;
}
