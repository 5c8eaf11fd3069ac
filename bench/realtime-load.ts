/**
 * Realtime load bench: starts the real server (SQLite or MariaDB; one node, or two nodes over
 * Redis), drives N visitor sockets and M agent sockets at an offered message rate, and prints
 * sent/acked/received/lost/duplicated, end-to-end latency (visitor send -> agent receive), ack
 * latency, server CPU and RSS. The same load against a bare `ws` relay gives the ceiling; our
 * figures are printed as ratios of it. `--idle N` instead measures memory per idle visitor socket.
 *
 *   npx tsx bench/realtime-load.ts --db mysql --visitors 500 --agents 20 --rate 1000 --seconds 20
 *   npx tsx bench/realtime-load.ts --db mysql --nodes 2 --rate 1000
 *   npx tsx bench/realtime-load.ts --idle 10000
 *
 * The load generator runs in this process (one core), the server in its own (the other core).
 * Needs `npm run build` first (it starts bin/livechat).
 */
import WebSocket from 'ws';
import { parseArgs } from './lib/args.js';
import { prepareInstall, startServer, startRelay } from './lib/setup.js';
import { connectVisitorsAndAgents, runLoad, type LoadResult, type Target } from './lib/load.js';
import { fmt, mb, processUsage } from './lib/stats.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function cloneDataDir(dataDir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-bench-node-'));
  fs.copyFileSync(path.join(dataDir, 'livechat.json'), path.join(copy, 'livechat.json'));
  return copy;
}

const args = parseArgs({
  db: 'mysql',
  nodes: 1,
  visitors: 500,
  agents: 20,
  rate: 1000,
  seconds: 20,
  warmup: 3,
  idle: 0,
  port: 39100,
  mysql: 'mysql://root@127.0.0.1:3306',
  redis: 'redis://127.0.0.1:6379',
  relay: true,
});

function row(name: string, r: LoadResult) {
  return [name, r.offered, r.sent, r.acked, r.received, r.lost, r.duplicated, fmt(r.achievedPerSecond, 0), fmt(r.endToEnd.p50), fmt(r.endToEnd.p99), fmt(r.endToEnd.max), fmt(r.ack.p50), fmt(r.ack.p99), fmt(r.serverCpuPercent, 0), mb(r.serverRssBytes)];
}

function printTable(rows: (string | number)[][]) {
  const head = ['target', 'offered/s', 'sent', 'acked', 'received', 'lost', 'dup', 'got/s', 'e2e p50 ms', 'e2e p99 ms', 'e2e max ms', 'ack p50 ms', 'ack p99 ms', 'cpu %', 'rss'];
  const all = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const r of all) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
}

async function idleRun() {
  const install = await prepareInstall({ db: args.db as 'sqlite' | 'mysql', mysqlUrl: args.mysql, agents: 1 });
  const server = await startServer(install.dataDir, args.port);
  const relay = await startRelay(args.port + 10);
  try {
    const base = `http://127.0.0.1:${args.port}`;
    const measure = async (pid: number, openOne: (i: number) => Promise<WebSocket>, label: string) => {
      const sockets: WebSocket[] = [];
      const before = processUsage(pid).rssBytes;
      for (let i = 0; i < args.idle; i += 100) {
        sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, args.idle - i) }, (_, k) => openOne(i + k)))));
        if ((i / 100) % 20 === 0) process.stderr.write(`  ${label}: ${sockets.length} sockets open\n`);
      }
      await new Promise((r) => setTimeout(r, 3000));
      const after = processUsage(pid).rssBytes;
      sockets.forEach((s) => s.terminate());
      return { before, after, perSocket: (after - before) / args.idle };
    };
    const tokens: string[] = [];
    process.stderr.write(`getting ${args.idle} visitor tokens...\n`);
    for (let i = 0; i < args.idle; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, args.idle - i) }, () =>
        fetch(`${base}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://bench.test' }, body: JSON.stringify({ widgetKey: install.widgetKey }) }).then((r) => r.json()),
      ));
      tokens.push(...batch.map((b) => b.token));
    }
    const ours = await measure(server.pid!, (i) => openWs(`ws://127.0.0.1:${args.port}/ws?token=${encodeURIComponent(tokens[i])}`, { origin: 'https://bench.test' }), 'livechat');
    const bare = await measure(relay.pid!, (i) => openWs(`ws://127.0.0.1:${args.port + 10}/?v=${i}&a=0`), 'bare ws');
    console.log(`\nidle visitor sockets: ${args.idle}`);
    console.log(`livechat: RSS ${mb(ours.before)} -> ${mb(ours.after)}: ${fmt(ours.perSocket / 1024)} KB per socket`);
    console.log(`bare ws : RSS ${mb(bare.before)} -> ${mb(bare.after)}: ${fmt(bare.perSocket / 1024)} KB per socket`);
    console.log(`ratio   : ${fmt(ours.perSocket / bare.perSocket, 2)}x the bare ws socket`);
  } finally {
    server.kill('SIGTERM');
    relay.kill('SIGTERM');
    await install.cleanup();
  }
}

function openWs(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function loadRun() {
  const install = await prepareInstall({ db: args.db as 'sqlite' | 'mysql', mysqlUrl: args.mysql, redisUrl: args.nodes > 1 ? args.redis : undefined, agents: args.agents });
  const servers = [];
  try {
    // Each node has its own data folder (pid file, logs) and the same configuration: one database, one Redis.
    for (let n = 0; n < args.nodes; n++) servers.push(await startServer(n === 0 ? install.dataDir : cloneDataDir(install.dataDir), args.port + n));
    const base = (n: number) => `http://127.0.0.1:${args.port + n}`;
    const target: Target = { kind: 'livechat', visitorBase: base(0), agentBase: base(args.nodes - 1), widgetKey: install.widgetKey, agentEmails: install.agents, pids: servers.map((s) => s.pid!) };
    process.stderr.write(`connecting ${args.visitors} visitors and ${args.agents} agents (${args.db}, ${args.nodes} node(s))...\n`);
    const conns = await connectVisitorsAndAgents(target, args.visitors, args.agents);
    process.stderr.write(`offering ${args.rate} msg/s for ${args.seconds} s after ${args.warmup} s of warm-up...\n`);
    const ours = await runLoad(target, conns, { rate: args.rate, seconds: args.seconds, warmup: args.warmup });
    [...conns.visitorSockets, ...conns.agentSockets].forEach((s) => s.terminate());
    const rows = [row(`livechat ${args.db} x${args.nodes}`, ours)];
    if (args.relay) {
      const relay = await startRelay(args.port + 10);
      try {
        const relayTarget: Target = { kind: 'relay', visitorBase: `http://127.0.0.1:${args.port + 10}`, agentBase: `http://127.0.0.1:${args.port + 10}`, pids: [relay.pid!] };
        const rc = await connectVisitorsAndAgents(relayTarget, args.visitors, args.agents);
        const bare = await runLoad(relayTarget, rc, { rate: args.rate, seconds: args.seconds, warmup: args.warmup });
        [...rc.visitorSockets, ...rc.agentSockets].forEach((s) => s.terminate());
        rows.push(row('bare ws relay', bare));
        printTable(rows);
        console.log(`ratios to the bare relay: e2e p99 ${fmt(ours.endToEnd.p99 / bare.endToEnd.p99, 1)}x, e2e p50 ${fmt(ours.endToEnd.p50 / bare.endToEnd.p50, 1)}x, cpu ${fmt(ours.serverCpuPercent / bare.serverCpuPercent, 1)}x`);
      } finally {
        relay.kill('SIGTERM');
      }
    } else printTable(rows);
  } finally {
    servers.forEach((s) => s.kill('SIGTERM'));
    await new Promise((r) => setTimeout(r, 500));
    await install.cleanup();
  }
}

await (args.idle > 0 ? idleRun() : loadRun());
process.exit(0);
