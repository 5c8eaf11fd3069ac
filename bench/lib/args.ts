/**
 * `--name value` and `--flag` arguments with defaults, typed by the defaults given (a boolean
 * default makes a flag that takes no value). Unknown options and non-numbers are refused.
 */
export function parseArgs<T extends Record<string, string | number | boolean>>(defaults: T, help: string, argv = process.argv.slice(2)): T {
  const out: Record<string, string | number | boolean> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write(help);
      process.exit(0);
    }
    const key = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !(key in defaults)) throw new Error(`unknown option ${argv[i]}; known: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
    const d = defaults[key];
    if (typeof d === 'boolean') {
      out[key] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    if (typeof d === 'number' && !Number.isFinite(Number(value))) throw new Error(`--${key} takes a number, not "${value}"`);
    out[key] = typeof d === 'number' ? Number(value) : value;
  }
  return out as T;
}
