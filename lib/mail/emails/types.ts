import type { Config } from '../../config/schema.js';
import type { Models } from '../../db/models/index.js';
import type { OutgoingMail } from '../transport.js';

export interface EmailDeps {
  models: Models;
  config: Config;
}

/** An e-mail ready to send, and the key that keeps it from being sent twice (by two nodes, or twice by one). */
export interface BuiltMail {
  dedupeKey: string | null;
  mail: OutgoingMail;
}
