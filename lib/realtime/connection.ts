import type { ServerFrame } from '../protocol/frames.js';

export type Identity =
  /** `sessionId`: the dashboard session a socket signed in with, re-checked when access changes. */
  | { kind: 'agent'; userId: number; role: 'super_admin' | 'manager' | 'agent'; sessionId?: number }
  | { kind: 'visitor'; visitorId: number; clientId: number };

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
