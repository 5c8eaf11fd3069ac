/** One colour per agent (stable by id), so a group chat reads at a glance; visitors are grey. */
const PALETTE = ['#1f7aec', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d', '#4f46e5'];
export const agentColor = (id: number | null | undefined) => (id ? PALETTE[id % PALETTE.length] : '#64748b');

export function since(iso: string | null, now = Date.now()) {
  if (!iso) return '';
  return elapsed(Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000)));
}

/** A length of time: 42s, 3m 05s, 1h 20m. */
export function elapsed(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
