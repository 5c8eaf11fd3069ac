/** Receives one human-readable progress line at a time (the CLI prints them on stderr). */
export type ProgressReporter = (line: string) => void;

export const noProgress: ProgressReporter = () => {};

/** 12000 -> "12,000": row and file counts as people read them. */
export const formatCount = (n: number) => n.toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** (1, "row") -> "1 row"; (12000, "row") -> "12,000 rows". */
export const countOf = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
