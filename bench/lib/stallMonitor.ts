import type { connectInspector } from './inspector.js';

type Inspector = Awaited<ReturnType<typeof connectInspector>>;

/** What one server process went through in the measured window, on the wall clock (ms since epoch). */
export interface StallRecord {
  /** [end of a 100 ms slice, longest event-loop delay in it in ms]. */
  loop: [number, number][];
  /** [start, duration ms, kind] of every garbage collection of 1 ms or more. */
  gc: [number, number, string][];
}

// Runs inside the server through the inspector: nothing of it is in the server's code. The
// histogram's resolution is 5 ms, so a delay shorter than that reads as about 5 ms.
const INSTALL = `(() => {
  const { monitorEventLoopDelay, PerformanceObserver, performance, constants } = process.getBuiltinModule('node:perf_hooks');
  const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const out = { loop: [], gc: [] };
  const timer = setInterval(() => { out.loop.push([Date.now(), h.max / 1e6]); h.reset(); }, 100);
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration >= 1) out.gc.push([performance.timeOrigin + e.startTime, e.duration, kinds[e.detail?.kind] ?? String(e.detail?.kind)]);
  });
  obs.observe({ entryTypes: ['gc'] });
  globalThis.__benchStalls = () => { clearInterval(timer); h.disable(); obs.disconnect(); delete globalThis.__benchStalls; return JSON.stringify(out); };
  return true;
})()`;

/** Starts recording event-loop delay and GC pauses in a server; stop() returns what it saw. */
export async function startStallMonitor(inspector: Inspector) {
  await inspector.evaluate(INSTALL);
  return {
    stop: async (): Promise<StallRecord> => JSON.parse(String(await inspector.evaluate('globalThis.__benchStalls()'))),
  };
}

/** One line for a second of the window: each node's longest loop delay and its GC time in it. */
export function describeSecond(records: StallRecord[], from: number, to: number): string {
  return records
    .map((r, n) => {
      const loop = Math.max(0, ...r.loop.filter(([t]) => t > from && t <= to + 100).map(([, d]) => d));
      const gcs = r.gc.filter(([t]) => t >= from && t < to);
      const gcMs = gcs.reduce((a, [, d]) => a + d, 0);
      const longest = gcs.reduce<[number, number, string] | null>((a, g) => (!a || g[1] > a[1] ? g : a), null);
      const label = records.length > 1 ? `node ${n + 1} ` : '';
      return `${label}loop delay max ${loop.toFixed(0)} ms, GC ${gcMs.toFixed(0)} ms in ${gcs.length}${longest ? ` (longest ${longest[1].toFixed(1)} ms ${longest[2]})` : ''}`;
    })
    .join('; ');
}
