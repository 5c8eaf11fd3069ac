/**
 * Waiting in tests, instead of fixed sleeps: a sleep long enough on a busy CI machine is slow
 * everywhere else, and one short enough locally is flaky in CI.
 */

/** How often a condition is asked again. */
const POLL_MS = 10;

/**
 * Resolves with the first truthy answer of `check` (sync or async), asking every few ms; fails with
 * `what` and the last answer (or error) when none came within `timeoutMs`. A check that costs
 * something (a query, a browser round trip) asks less often: pass a larger `pollMs`.
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5000, pollMs = POLL_MS): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= until) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`waited ${timeoutMs} ms for ${what}; last saw ${seen}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Waits until `read()` equals `expected` (deep equality by JSON), failing with both when it does not. */
export async function waitForValue<T>(what: string, read: () => T | Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const want = JSON.stringify(expected);
  await waitFor(`${what} to be ${want}`, async () => {
    const got = await read();
    if (JSON.stringify(got) !== want) throw new Error(JSON.stringify(got));
    return true;
  }, timeoutMs);
}

/**
 * The one fixed wait that stays: proving that something did NOT happen within a bound (no frame
 * came, no event was sent). Name the bound at the call site and say why it is long enough.
 */
export function quietFor(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Lets time pass for the code under test where it runs on the wall clock (a Redis key's TTL, a
 * child process's own timers): only for such time, never to wait for a result (use waitFor).
 */
export const letTimePass: (ms: number) => Promise<void> = quietFor;
