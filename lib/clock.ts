/**
 * Time has an owner: code that waits, expires or schedules takes a Clock instead of calling
 * Date.now() and setTimeout itself, so that tests move time instead of sleeping
 * (test/helpers/manualClock.ts) and a grace period of minutes is tested in microseconds.
 */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /**
   * Runs `fn` once, `ms` from now; the returned function cancels it. The wall clock's timers never
   * keep the process up by themselves (the server's sockets and the CLI's work do).
   */
  after(ms: number, fn: () => void): () => void;
}

/** Runs `fn` every `ms` on a clock (each run re-arms the next); the returned function stops it. */
export function every(clock: Clock, ms: number, fn: () => void): () => void {
  let cancel = clock.after(ms, tick);
  let stopped = false;
  function tick() {
    if (stopped) return;
    cancel = clock.after(ms, tick);
    fn();
  }
  return () => {
    stopped = true;
    cancel();
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
