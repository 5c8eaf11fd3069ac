import type { ServerFrame } from '../protocol/frames.js';

export type { Identity } from '../identity/identity.js';
import type { Identity } from '../identity/identity.js';

/**
 * One client's link to this node, whatever carries it (a WebSocket or long polling): the
 * handlers, the hub and presence only ever see this.
 */
export interface Connection {
  id: string;
  identity: Identity;
  channels: Set<string>;
  ip: string | null;
  send(frame: ServerFrame): void;
  /** The same, for a frame already serialized (the hub serializes a fanned-out event once). */
  sendText?(text: string): void;
  close(code: number, reason: string): void;
}
