import { newOwnerId, type LeaseStore } from './leases.js';
import { systemClock, type Clock } from '../clock.js';

/** Past this many names, expired ones are forgotten (the mail dedupe of a long-running server adds one per e-mail). */
const SWEEP_ABOVE = 1000;

/** Leases inside one process: the mail dedupe of a single node, and the fallback when neither the database nor Redis answers. */
export function memoryLeases(clock: Clock = systemClock): LeaseStore {
  const held = new Map<string, { owner: string; until: number; lastSlot: number | null }>();
  const sweep = (now: number) => {
    if (held.size <= SWEEP_ABOVE) return;
    for (const [name, entry] of held) if (entry.until <= now) held.delete(name);
  };
  return {
    kind: 'memory',
    async acquire(name, { leaseMs, slot }) {
      const now = new Date(clock.now());
      sweep(now.getTime());
      const current = held.get(name);
      if (current && current.until > now.getTime()) return null;
      if (slot && current?.lastSlot != null && current.lastSlot >= slot.getTime()) return null;
      const owner = newOwnerId();
      held.set(name, { owner, until: now.getTime() + leaseMs, lastSlot: slot ? slot.getTime() : (current?.lastSlot ?? null) });
      return {
        name,
        owner,
        async renew() {
          const entry = held.get(name);
          if (entry?.owner !== owner) return false;
          entry.until = clock.now() + leaseMs;
          return true;
        },
        async release() {
          const entry = held.get(name);
          if (entry?.owner === owner) entry.until = clock.now();
        },
      };
    },
    async holder(name) {
      const entry = held.get(name);
      return entry && entry.until > clock.now() ? { owner: entry.owner, lockedUntil: new Date(entry.until) } : null;
    },
  };
}
