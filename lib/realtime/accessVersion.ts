import type { Connection } from './connection.js';

/** How many times each connection's access was re-checked: a frame's answer older than that is asked again. */
const versions = new WeakMap<Connection, number>();

/** The access guard starts a re-check: answers being worked out for this connection are stale. */
export function accessChanging(conn: Connection): void {
  versions.set(conn, (versions.get(conn) ?? 0) + 1);
}

/**
 * Asks a permission question for a connection and asks again when the connection's access was
 * re-checked while the question was out: a frame that was in flight when an agent was unassigned
 * or demoted must not subscribe or cache with the answer read before the change.
 */
export async function askFresh<T>(conn: Connection, ask: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    const before = versions.get(conn) ?? 0;
    const answer = await ask();
    // Three changes in the time of one query are not a race any more; the last answer stands.
    if ((versions.get(conn) ?? 0) === before || tries === 3) return answer;
  }
}
