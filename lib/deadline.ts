/** A wait that ran past its bound. */
export class TimeoutError extends Error {
  readonly code: string = 'LIVECHAT_TIMEOUT';
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * A promise bounded by ms: rejects with a TimeoutError naming `what` (or the given error class,
 * e.g. one the caller classifies as "the database is unavailable"). The promise itself runs on.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string, Timeout: new (what: string, ms: number) => Error = TimeoutError): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A bound started by deadline(): clear() it when the wait ends in time. */
export interface Deadline {
  /** Stops the bound; false when it has expired already (onExpire ran). */
  clear(): boolean;
}

/** The waits of one length, oldest first: each ends no later than the next, so one timer, armed for the oldest, serves them all. */
interface Lane {
  head: Pending | null;
  tail: Pending | null;
  timer: NodeJS.Timeout | null;
}

class Pending implements Deadline {
  prev: Pending | null;
  next: Pending | null = null;
  constructor(
    readonly lane: Lane,
    readonly at: number,
    public onExpire: (() => void) | null,
  ) {
    this.prev = lane.tail;
    if (lane.tail) lane.tail.next = this;
    else lane.head = this;
    lane.tail = this;
  }

  clear(): boolean {
    if (this.onExpire === null) return false;
    this.onExpire = null;
    this.unlink();
    return true;
  }

  unlink() {
    const lane = this.lane;
    if (this.prev) this.prev.next = this.next;
    else lane.head = this.next;
    if (this.next) this.next.prev = this.prev;
    else lane.tail = this.prev;
    this.prev = this.next = null;
  }
}

const lanes = new Map<number, Lane>();

/** Runs a lane's expired waits, then arms its timer for the oldest one left, if any. */
function expire(lane: Lane) {
  lane.timer = null;
  const now = performance.now();
  try {
    while (lane.head && lane.head.at <= now) {
      const p = lane.head;
      const fn = p.onExpire!;
      p.onExpire = null;
      p.unlink();
      fn();
    }
  } finally {
    // Even when a callback threw (an uncaught error, as from setTimeout), the waits left still expire.
    if (lane.head && !lane.timer) arm(lane, lane.head.at - now);
  }
}

function arm(lane: Lane, ms: number) {
  // Unref'd: a bound never keeps the process alive by itself (what it bounds does, while pending).
  lane.timer = setTimeout(expire, Math.max(1, Math.ceil(ms)), lane).unref();
}

/**
 * Calls onExpire after ms unless cleared first, like setTimeout; but the many short bounds of one
 * length on the hot paths (every database round trip, every wait for a pooled connection) share
 * one timer: a wait is a list entry put in and taken out in constant time, and the timer is
 * armed again when it fires (about once per `ms` under steady traffic), not once per wait.
 */
export function deadline(ms: number, onExpire: () => void): Deadline {
  let lane = lanes.get(ms);
  if (!lane) lanes.set(ms, (lane = { head: null, tail: null, timer: null }));
  const p = new Pending(lane, performance.now() + ms, onExpire);
  if (!lane.timer) arm(lane, ms);
  return p;
}
