import type { Identity } from './connection.js';

/** What a refused client is told to wait before trying again: a slot frees only when a connection of theirs ends. */
export const CAP_RETRY_AFTER_SECONDS = 30;

type CapSlot = { ok: true; release(): void } | { ok: false; reason: string };

/**
 * Caps the open realtime connections of visitors on this node, per visitor token and per
 * address: a token (free to get) could otherwise hold hundreds of sockets and poll sessions, each
 * holding memory, presence and fan-out work. WebSockets and long-poll sessions count together.
 * Agents are not counted: they are signed-in staff, and an office's NAT would otherwise share one
 * address's slots with the visitors behind it. Counts live in memory, so the caps are per node.
 */
export function createConnectionCaps(limits: { perVisitor: number; perAddress: number }) {
  const byVisitor = new Map<number, number>();
  const byAddress = new Map<string, number>();
  const bump = <K>(map: Map<K, number>, key: K, by: number) => {
    const n = (map.get(key) ?? 0) + by;
    if (n > 0) map.set(key, n);
    else map.delete(key);
  };
  return {
    /** Takes a slot for a new connection, or says which cap is full. release() frees it (once). */
    acquire(identity: Identity, address: string | null): CapSlot {
      if (identity.kind !== 'visitor') return { ok: true, release: () => {} };
      const visitorId = identity.visitorId;
      if ((byVisitor.get(visitorId) ?? 0) >= limits.perVisitor) {
        return { ok: false, reason: `too many connections for this visitor (at most ${limits.perVisitor} at once): close one or try again later` };
      }
      if (address && (byAddress.get(address) ?? 0) >= limits.perAddress) {
        return { ok: false, reason: `too many connections from this address (at most ${limits.perAddress} at once): close one or try again later` };
      }
      bump(byVisitor, visitorId, 1);
      if (address) bump(byAddress, address, 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          bump(byVisitor, visitorId, -1);
          if (address) bump(byAddress, address, -1);
        },
      };
    },
    /** Open connections counted now (for tests and diagnostics). */
    counts: () => ({ visitors: new Map(byVisitor), addresses: new Map(byAddress) }),
  };
}

export type ConnectionCaps = ReturnType<typeof createConnectionCaps>;
