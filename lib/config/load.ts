import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, dataPaths } from '../paths.js';
import { configSchema, type Config, type ConfigLayer } from './schema.js';
import { layerFromEnv } from './env.js';
import { formatIssues } from '../formatIssues.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[], source: string) {
    super(`The configuration is not valid (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const isObject = (v: unknown): v is ConfigLayer => typeof v === 'object' && v !== null && !Array.isArray(v);

export function merge(base: ConfigLayer, over: ConfigLayer): ConfigLayer {
  const out: ConfigLayer = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as ConfigLayer, value) : value;
  }
  return out;
}

function deepFreeze<T>(obj: T): T {
  if (isObject(obj)) {
    for (const v of Object.values(obj)) deepFreeze(v);
    Object.freeze(obj);
  }
  return obj;
}

export function readJsonFile(file: string): ConfigLayer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError([`cannot read ${file}: ${(err as Error).message}`], file);
  }
  try {
    const parsed = JSON.parse(text);
    if (!isObject(parsed)) throw new Error('the top level must be an object');
    return parsed;
  } catch (err) {
    throw new ConfigError([`${file} is not valid JSON: ${(err as Error).message}`], file);
  }
}

export function defaults(): ConfigLayer {
  return readJsonFile(path.join(packageRoot, 'config', 'default.json'));
}

export interface LoadOptions {
  /** Values from command-line flags, as config paths (for example {server: {port: 4000}}). */
  flags?: ConfigLayer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Where the data folder is: --data-dir, then LIVECHAT_DATA_DIR, then ./data. */
export function resolveDataDir(options: LoadOptions = {}): string {
  const env = options.env ?? process.env;
  const fromFlags = options.flags?.dataDir;
  const dir = (typeof fromFlags === 'string' && fromFlags) || env.LIVECHAT_DATA_DIR || 'data';
  return path.resolve(options.cwd ?? process.cwd(), dir);
}

export function configFileExists(dataDir: string): boolean {
  return fs.existsSync(dataPaths(dataDir).configFile);
}

/**
 * Builds the one configuration object: shipped defaults, then <dataDir>/livechat.json,
 * then LIVECHAT_* variables, then flags. Validated once; frozen; every problem listed.
 */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir(options);
  const file = dataPaths(dataDir).configFile;
  let layered = merge(defaults(), readJsonFile(file));
  layered = merge(layered, layerFromEnv(env));
  layered = merge(layered, options.flags ?? {});
  layered.dataDir = dataDir;
  const result = configSchema.safeParse(layered);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues), file);
  return deepFreeze(result.data);
}

/** Writes the data folder's config file (secrets inside: readable by the owner only). */
export function writeConfigFile(dataDir: string, layer: ConfigLayer): void {
  const file = dataPaths(dataDir).configFile;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(layer, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
