/** Collects a repeatable option (`--domain a --domain b`), also splitting commas (`--domain a,b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
