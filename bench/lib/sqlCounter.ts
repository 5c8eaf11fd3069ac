import net from 'node:net';

/**
 * A TCP proxy between the server and MariaDB that counts the commands the server sends, by kind
 * (SELECT, INSERT, UPDATE, START TRANSACTION, COMMIT...), without changing the server: the MySQL
 * protocol frames every packet as <3-byte length><1-byte sequence><payload>, and a command is a
 * packet with sequence 0 whose first payload byte is the command (0x03 = a text query).
 * A diagnostic: the proxy adds a hop, so the latency of a run through it is not a figure.
 */
export async function startSqlCounter(upstream: { host: string; port: number }) {
  let counts: Record<string, number> = {};
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(upstream.port, upstream.host);
    sockets.add(client).add(up);
    client.pipe(up);
    up.pipe(client);
    const close = () => {
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on('error', close).on('close', close);
    up.on('error', close).on('close', close);

    let header = Buffer.alloc(0);
    let remaining = 0;
    let seq = 0;
    let head: number[] = [];
    const finish = () => {
      if (seq === 0 && head.length) {
        const kind = head[0] === 0x03 ? kindOf(Buffer.from(head.slice(1)).toString('latin1')) : `command 0x${head[0].toString(16)}`;
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      head = [];
    };
    client.on('data', (chunk: Buffer) => {
      let i = 0;
      while (i < chunk.length) {
        if (remaining === 0) {
          const need = 4 - header.length;
          header = Buffer.concat([header, chunk.subarray(i, i + need)]);
          i += Math.min(need, chunk.length - i);
          if (header.length < 4) break;
          remaining = header.readUIntLE(0, 3);
          seq = header[3];
          header = Buffer.alloc(0);
          if (remaining === 0) finish();
          continue;
        }
        const take = Math.min(remaining, chunk.length - i);
        for (let b = i; b < i + take && head.length < 40; b++) head.push(chunk[b]);
        i += take;
        remaining -= take;
        if (remaining === 0) finish();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Counts since the last reset. */
    take(): Record<string, number> {
      const out = counts;
      counts = {};
      return out;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** "SELECT", "INSERT", "UPDATE", "START TRANSACTION", "COMMIT", "SET"... from a statement's first words. */
function kindOf(sql: string): string {
  const words = sql.trim().replace(/^\/\*.*?\*\/\s*/, '').split(/[\s;(]+/);
  const first = (words[0] ?? '').toUpperCase();
  if (first === 'START' || first === 'SET' || first === 'SAVEPOINT') return `${first} ${(words[1] ?? '').toUpperCase()}`.trim();
  return first;
}
