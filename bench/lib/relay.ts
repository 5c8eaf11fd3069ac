import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The physical ceiling: a bare `ws` relay, no auth, no database, no validation, in its own process.
 * It does per message what livechat's socket path must do at least: parse the visitor's frame,
 * ack it, and send the event to the visitor (its own copy, as the widget gets it) and to the agents
 * (fan-out `all`: every agent socket, as when all agents follow the website; `one`: only the
 * chat's agent). Visitors connect with `?v=<i>&a=<agent>`, agents with `?agent=<j>`.
 *
 * With `cork`, each socket is corked at its first frame in an event-loop turn and uncorked after
 * the turn (setImmediate), so the frames one socket gets in a turn leave in one write: what the
 * server could do if it delivered a committed batch's events together.
 *
 *   tsx bench/lib/relay.ts <port> [all|one] [cork]
 */
const port = Number(process.argv[2]);
const fanout = process.argv[3] === 'one' ? 'one' : 'all';
const cork = process.argv[4] === 'cork';
const agents = new Map<number, WebSocket>();
let seq = 0;

type Raw = { cork(): void; uncork(): void };
const corked = new Set<Raw>();
function send(ws: WebSocket, text: string) {
  if (cork) {
    const socket = (ws as unknown as { _socket: Raw })._socket;
    if (!corked.has(socket)) {
      if (corked.size === 0) setImmediate(flush);
      corked.add(socket);
      socket.cork();
    }
  }
  ws.send(text);
}
function flush() {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const url = new URL(req.url ?? '/', 'http://relay');
  const agent = url.searchParams.get('agent');
  if (agent !== null) {
    agents.set(Number(agent), ws);
    ws.on('close', () => agents.delete(Number(agent)));
    return;
  }
  const target = Number(url.searchParams.get('a'));
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    const id = ++seq;
    send(ws, JSON.stringify({ type: 'reply', ref: frame.ref, ok: true, id, seq: id, chatId: frame.chatId, clientMsgId: frame.clientMsgId, duplicate: false }));
    const event = JSON.stringify({ type: 'event', channel: `chat.${frame.chatId}`, event: { name: 'message.created', chatId: frame.chatId, message: { id, chatId: frame.chatId, seq: id, body: frame.body, clientMsgId: frame.clientMsgId } } });
    send(ws, event);
    for (const a of fanout === 'one' ? [agents.get(target)] : agents.values()) if (a) send(a, event);
  });
});
wss.on('listening', () => process.stdout.write(`relay listening on ${port} (fan-out: ${fanout}${cork ? ', corked per turn' : ''})\n`));
process.on('SIGTERM', () => process.exit(0));
