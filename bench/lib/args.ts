/** `--name value` and `--flag` arguments with defaults, typed by the defaults given. */
export function parseArgs<T extends Record<string, string | number | boolean>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, string | number | boolean> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option --${key}; known: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
    const d = defaults[key];
    if (typeof d === 'boolean') out[key] = true;
    else out[key] = typeof d === 'number' ? Number(argv[++i]) : argv[++i];
  }
  return out as T;
}
