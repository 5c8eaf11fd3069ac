import net from 'node:net';

/** Whether nothing listens on `port` on loopback (a listen that succeeds is closed again at once). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first port of `count` consecutive free ones, for a run that lays its servers out as P, P+1…
 * (never a fixed default: two runs at once, or anything else on the machine, would collide).
 */
export async function freePortBlock(count: number, tries = 50): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const base = 20_000 + Math.floor(Math.random() * (40_000 - count));
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await isFree(p);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found on 127.0.0.1 in ${tries} tries: pass --port P`);
}
