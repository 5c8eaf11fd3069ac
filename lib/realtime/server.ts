import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { resolveSession } from '../domain/auth/sessions.js';
import { SESSION_COOKIE } from '../http/middleware/session.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';

const GOING_AWAY = 1001;
const HEARTBEAT_MS = 30_000;

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function refuse(socket: Duplex, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The WebSocket endpoint on the HTTP server's port. Only /ws is claimed; other upgrade paths are
 * refused. Agents are identified by their session cookie and an Origin that is the dashboard's.
 * (The chat protocol itself lands with the realtime engine.)
 */
export function attachRealtime(server: http.Server, deps: { db: Database; logger: Logger; publicOrigin: string }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakSet<WebSocket>();

  server.on('upgrade', async (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuse(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (origin && origin !== deps.publicOrigin && origin !== `http://${host}` && origin !== `https://${host}`) return refuse(socket, 403, 'Forbidden');
    const found = await resolveSession(deps.db.models, cookie(req.headers.cookie, SESSION_COOKIE)).catch(() => null);
    if (!found) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.send(JSON.stringify({ type: 'hello', userId: found.user.id }));
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    wss,
    /** Tells every client the server is going away (1001) so they reconnect elsewhere or later. */
    async close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
