import WebSocket from 'ws';

/**
 * A minimal Chrome DevTools Protocol client for a process started with --inspect=127.0.0.1:port:
 * the idle run forces a full garbage collection in the server (and in the relay) before each RSS
 * reading, so garbage left by earlier work is not counted, and reads the JS heap in use; the load
 * run profiles the server's CPU over the measured window only (not the set-up of the sockets).
 */
export async function connectInspector(port: number) {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(list[0].webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 0;
  const call = (method: string, params: Record<string, unknown> = {}): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from the inspector`)), 60_000);
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data));
        if (msg.id !== id) return;
        clearTimeout(timer);
        ws.off('message', onMessage);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** Two full collections (the second frees what the first's finalizers released). */
    async collectGarbage() {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
    },
    async heapUsedBytes(): Promise<number> {
      return (await call('Runtime.getHeapUsage')).usedSize;
    },
    /** Starts V8's sampling profiler (1 ms interval). */
    async startProfile() {
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: 1000 });
      await call('Profiler.start');
    },
    /** Stops it and returns the profile (the .cpuprofile JSON). */
    async stopProfile(): Promise<unknown> {
      return (await call('Profiler.stop')).profile;
    },
    /** Starts V8's sampling heap profiler: where the allocated bytes come from, one sample per `intervalBytes` on average. */
    async startAllocationSampling(intervalBytes = 16384) {
      await call('HeapProfiler.enable');
      await call('HeapProfiler.startSampling', { samplingInterval: intervalBytes, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    },
    /** Stops it and returns the profile (the .heapprofile JSON). */
    async stopAllocationSampling(): Promise<unknown> {
      return (await call('HeapProfiler.stopSampling')).profile;
    },
    /** Evaluates an expression in the process and returns its value (JSON-able). */
    async evaluate(expression: string): Promise<unknown> {
      const r = await call('Runtime.evaluate', { expression, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`evaluate: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value;
    },
    close: () => ws.close(),
  };
}
