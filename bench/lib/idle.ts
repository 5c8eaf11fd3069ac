import type WebSocket from 'ws';
import { connectInspector } from './inspector.js';
import { inBatches } from './connect.js';
import { processUsage } from './system.js';

export interface IdleResult {
  label: string;
  sockets: number;
  open: number;
  rssBefore: number;
  rssAfter: number;
  /** RSS delta per socket 3 s after the last one opened (garbage of the connects not collected yet). */
  rssPerSocketAt3s: number;
  /** ... after 30 s of idling, with V8's own collections only: the steady state. */
  rssPerSocketAt30s: number;
  /** ... after a forced full GC: what the sockets themselves hold. */
  rssPerSocket: number;
  heapPerSocket: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Memory per idle socket: the process's RSS before `count` sockets open (after a forced full GC,
 * through the inspector, so garbage of earlier work such as issuing tokens is not in the baseline)
 * and 3 s and 30 s after the last one opened, then after a forced full GC (with the JS heap in use).
 */
export async function measureIdleSockets(label: string, pid: number, inspectPort: number, count: number, open: (i: number) => Promise<WebSocket>): Promise<IdleResult> {
  const inspector = await connectInspector(inspectPort);
  const settle = async () => {
    await pause(2000);
    await inspector.collectGarbage();
    await pause(1000);
    return { rss: processUsage(pid)!.rssBytes, heap: await inspector.heapUsedBytes() };
  };
  try {
    const before = await settle();
    let step = 0;
    const sockets = await inBatches(count, 200, open, (done) => {
      if (done >= (step + 1) * 2000 || done === count) {
        step = Math.floor(done / 2000);
        process.stderr.write(`  ${label}: ${done} sockets open, server RSS ${Math.round(processUsage(pid)!.rssBytes / 1048576)} MB\n`);
      }
    });
    let closed = 0;
    for (const ws of sockets) ws.once('close', () => closed++);
    await pause(3000);
    const at3s = processUsage(pid)!.rssBytes;
    process.stderr.write(`  ${label}: idling 30 s...\n`);
    await pause(27_000);
    const at30s = processUsage(pid)!.rssBytes;
    const after = await settle();
    for (const ws of sockets) ws.terminate();
    return {
      label,
      sockets: count,
      open: count - closed,
      rssBefore: before.rss,
      rssAfter: after.rss,
      rssPerSocketAt3s: (at3s - before.rss) / count,
      rssPerSocketAt30s: (at30s - before.rss) / count,
      rssPerSocket: (after.rss - before.rss) / count,
      heapPerSocket: (after.heap - before.heap) / count,
    };
  } finally {
    inspector.close();
  }
}
