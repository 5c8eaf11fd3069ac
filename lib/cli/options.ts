import { UserError } from './context.js';

/** A --port style flag: a whole number in the port range, or a clear refusal naming the flag. */
export function parsePort(value: string | undefined, flag: string, { allowZero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) {
    throw new UserError(`${flag} must be a port number from ${allowZero ? 0 : 1} to 65535, not "${value}".`);
  }
  return port;
}
