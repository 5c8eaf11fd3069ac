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
