import crypto from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { ServerFrame } from '../protocol/frames.js';
import type { Connection } from './connection.js';
import { authenticate } from './authenticate.js';
import { createHeartbeat } from './heartbeat.js';
import type { Dispatch } from './dispatcher.js';
import type { Presence } from './presence.js';
import type { RealtimeDeps } from './types.js';
import { clientAddress } from '../clientAddress.js';

const GOING_AWAY = 1001;
const CLOSE_WAIT_MS = 5_000;
/** A client this far behind is dropped; on reconnect it resumes with sync instead of us buffering. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function refuse(socket: Duplex, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${http_reason(status)}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}
const http_reason = (status: number) => ({ 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' })[status] ?? 'Bad Request';

/**
 * The WebSocket endpoint, on the HTTP server's own port: only /ws is claimed, every other upgrade
 * is refused. Each socket becomes a Connection for the hub; ping/pong drops dead ones.
 */
export function attachWebSocket(server: http.Server, deps: RealtimeDeps, dispatch: Dispatch, presence: Presence) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.chat.maxFrameBytes, perMessageDeflate: false });
  const heartbeat = createHeartbeat(deps.config.chat.heartbeatSeconds * 1000);
  let accepting = true;

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'no WebSocket endpoint here');
    if (!accepting) return refuse(socket, 503, 'shutting down');
    authenticate(deps, req, url.searchParams.get('token'))
      .then((auth) => {
        if (!auth.ok) return refuse(socket, auth.status, auth.reason);
        const slot = deps.connectionCaps.acquire(auth.identity, clientAddress(req, deps.config.server.trustProxy));
        if (!slot.ok) return refuse(socket, 429, slot.reason);
        // The TCP socket closes when the WebSocket ends, and also if the handshake fails (or the
        // client left while it was authenticated).
        if (socket.destroyed) return slot.release();
        socket.once('close', slot.release);
        wss.handleUpgrade(req, socket, head, (ws) => open(ws, auth.identity, req));
      })
      .catch((err) => {
        deps.databaseWatch.report(err, () => deps.logger.error({ err }, 'websocket authentication failed'));
        refuse(socket, 503, 'try again');
      });
  });

  function open(ws: WebSocket, identity: Connection['identity'], req: http.IncomingMessage) {
    // Frames sent in one turn of the event loop (a batch's acks, its fan-out, a sync's backlog)
    // leave in one write: the socket is corked at the first send and uncorked once the turn's
    // callbacks and promise jobs have run. Socket writes were the largest cost under load.
    const socket = req.socket;
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    // Once the server closes a socket (its access was revoked) it hears nothing more, not even
    // the frames already queued or still arriving during the closing handshake.
    let closedByServer = false;
    const conn: Connection = {
      id: crypto.randomUUID(),
      identity,
      channels: new Set(),
      ip: clientAddress(req, deps.config.server.trustProxy),
      send(frame: ServerFrame) {
        this.sendText!(JSON.stringify(frame));
      },
      sendText(text: string) {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
        if (!corked) {
          corked = true;
          socket.cork();
          process.nextTick(uncork);
        }
        ws.send(text);
      },
      close(code, reason) {
        if (closedByServer) return;
        closedByServer = true;
        deps.hub.remove(conn);
        ws.close(code, reason);
        // A peer that never answers the close frame is cut off.
        setTimeout(() => ws.terminate(), CLOSE_WAIT_MS).unref();
      },
    };
    heartbeat.add(ws);
    deps.hub.add(conn);
    // Frames of one connection are handled one after another, so a client's order is kept.
    let queue = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      if (isBinary) return conn.send({ type: 'error', error: { code: 'bad_frame', message: 'Send text frames holding JSON.' } });
      const text = data.toString();
      if (closedByServer) return;
      queue = queue.then(() => (closedByServer ? undefined : dispatch(conn, text))).catch((err) => deps.logger.error({ err }, 'dispatch failed'));
    });
    ws.on('close', () => {
      deps.hub.remove(conn);
      presence.disconnected(conn).catch((err) => deps.databaseWatch.report(err, () => deps.logger.error({ err }, 'presence update failed')));
    });
    ws.on('error', (err) => deps.logger.warn({ err: err.message }, 'websocket error'));
    conn.send({
      type: 'hello',
      connectionId: conn.id,
      role: identity.kind,
      ...(identity.kind === 'agent' ? { userId: identity.userId } : { visitorId: identity.visitorId }),
      serverTime: new Date().toISOString(),
    });
    presence.connected(conn).catch((err) => deps.databaseWatch.report(err, () => deps.logger.error({ err }, 'presence update failed')));
  }

  return {
    wss,
    /** Stops taking sockets and tells every client the server is going away (1001). */
    async close() {
      accepting = false;
      heartbeat.close();
      for (const ws of wss.clients) ws.close(GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
