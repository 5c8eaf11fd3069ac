import type WebSocket from 'ws';

/** Pings go out in this many slices per period, so a node's sockets are not all pinged in one tick. */
const SLICES = 10;

/**
 * Drops sockets that stop answering pings: every socket is pinged once a period, and one that has
 * not answered the previous ping by its next turn is terminated (so a dead peer goes within two
 * periods). The sockets are spread over slices pinged one after another through the period: a
 * ping is a socket write, and thousands of them in one tick stalled every message behind them.
 */
export function createHeartbeat(periodMs: number) {
  const slices: Set<WebSocket>[] = Array.from({ length: SLICES }, () => new Set());
  const alive = new WeakSet<WebSocket>();
  let next = 0;
  let turn = 0;
  const timer = setInterval(() => {
    for (const ws of slices[turn]) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
    turn = (turn + 1) % SLICES;
  }, periodMs / SLICES);
  timer.unref();

  return {
    add(ws: WebSocket) {
      const slice = slices[next];
      next = (next + 1) % SLICES;
      slice.add(ws);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.once('close', () => slice.delete(ws));
    },
    close: () => clearInterval(timer),
  };
}
