import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The physical ceiling: a bare `ws` relay with no auth and no database. A visitor socket
 * (`?v=<i>&a=<j>`) has its messages forwarded to agent socket j (`?agent=<j>`), acked at once.
 * Run as its own process: `tsx bench/lib/relay.ts <port>`.
 */
const port = Number(process.argv[2]);
const agents = new Map<number, WebSocket>();
const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const agent = url.searchParams.get('agent');
  if (agent !== null) {
    agents.set(Number(agent), ws);
    return;
  }
  const target = Number(url.searchParams.get('a'));
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    ws.send(JSON.stringify({ type: 'reply', ref: frame.ref, ok: true, id: 0, seq: 0 }));
    agents.get(target)?.send(JSON.stringify({ type: 'event', channel: 'chat.0', event: { name: 'message.created', chatId: frame.chatId, message: { body: frame.body } } }));
  });
});
wss.on('listening', () => process.stdout.write('relay listening\n'));
