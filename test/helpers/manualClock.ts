import type { Clock } from '../../lib/clock.js';

/** A Clock that moves only when the test says so; timers fire in time order as it passes them. */
export interface ManualClock extends Clock {
  /** Moves time forward, firing each timer that falls due (and letting the work it starts settle). */
  advance(ms: number): Promise<void>;
  /** How many timers wait to fire. */
  pending(): number;
}

export function manualClock(startMs = Date.parse('2026-01-05T09:00:00Z')): ManualClock {
  let now = startMs;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  // What a fired timer started (a database write, a bus publish) runs on real I/O: give it turns.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    after(ms, fn) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => void timers.delete(id);
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = until;
      await settle();
    },
    pending: () => timers.size,
  };
}
