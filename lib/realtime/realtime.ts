import type http from 'node:http';
import type { AccessGuard } from './accessGuard.js';
import type { Dispatch } from './dispatcher.js';
import type { Hub } from './hub.js';
import type { LongPoll } from './longPoll.js';
import type { PollRelay } from './pollRelay.js';
import type { Presence } from './presence.js';
import type { RealtimeDeps } from './types.js';

/**
 * The realtime engine as the rest of the server sees it (lib/http's long poll, jobs, server.ts).
 * Declared apart from createRealtime so that knowing its shape does not pull in the socket
 * transport: lib/http/types.ts -> realtime/index.ts -> wsTransport -> ... was an import cycle.
 */
export interface Realtime {
  deps: RealtimeDeps;
  hub: Hub;
  dispatch: Dispatch;
  presence: Presence;
  guard: AccessGuard;
  longPoll: LongPoll;
  /** Long polling as the HTTP routes use it: this node's connections, and other nodes' relayed. */
  polls: PollRelay;
  attach(server: http.Server): void;
  close(): Promise<void>;
}
