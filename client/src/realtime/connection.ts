import { RealtimeClient } from '../../../lib/realtime-client/index.js';

/** The one realtime client of the dashboard (lib/realtime-client): the session cookie authenticates it. */
export function createConnection(): RealtimeClient {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return new RealtimeClient({ url: `${scheme}://${location.host}/ws`, WebSocket });
}
