/**
 * Server CPU per message, measured so that a busy machine changes it little (docs/benchmarks.md):
 * a fixed replay instead of an offered rate. `--in-flight K` senders each send their next message
 * only once the previous one is acked (a closed loop), so with K = 1 every batch holds exactly one
 * message, as on a quiet host at 1,000 msg/s, and the work per message is the same in every run
 * whatever the latency. It counts the server's CPU time (user + system, from /proc) over the
 * measured messages, not wall-clock time, and checks that each one was acked and reached its
 * chat's agent exactly once. Few chats (`--visitors`), so the per-chat permission refreshes, which
 * follow the clock and not the messages, stay out of the figure. `--cpu-prof DIR` profiles the
 * server over the measured messages. With BENCH_SERVER_NODE_FLAGS=--trace-gc BENCH_SERVER_OUTPUT=FILE
 * it also counts the server's garbage collections in each run (scavenges follow the bytes allocated).
 */
import fs from 'node:fs';
import path from 'node:path';
import type WebSocket from 'ws';
import { parseArgs } from './lib/args.js';
import { mysqlSocket, prepareInstall, startServer } from './lib/setup.js';
import { closeAll, connectAll, type Target } from './lib/connect.js';
import { connectInspector } from './lib/inspector.js';
import { summarizeCpuProfile } from './lib/cpuProfile.js';
import { stop, type Tracked } from './lib/procs.js';
import { cpuSecondsOf, sourceAddresses } from './lib/system.js';
import { freePortBlock } from './lib/freePorts.js';

const HELP = `npx tsx bench/replay.ts [options]      (build first: npm run build:server)

  --db sqlite|mysql   (default mysql: a new database on --mysql)
  --visitors N        visitor sockets, one chat each (default 20)
  --agents M          agent sockets; agent i % M joins chat i (default 20)
  --in-flight K       messages outstanding at once, one per sender (default 1: one message a batch)
  --messages N        measured messages (default 5000), after --warmup messages (default 1000)
  --runs R            measured windows in a row on the same server, each printed (default 3)
  --body B            characters of text in each message (default 60)
  --idle-seconds S    how long the idle server's CPU is measured first, to be taken off each run (default 5)
  --cpu-prof DIR      profile the server over the measured messages into DIR
  --heap-prof DIR     sample where the server allocates over the first measured run into DIR (.heapprofile)
  --mysql URL         MariaDB admin URL (default mysql://root@127.0.0.1:3306)
`;
const args = parseArgs({ db: 'mysql', visitors: 20, agents: 20, 'in-flight': 1, messages: 5000, warmup: 1000, runs: 3, 'idle-seconds': 5, body: 60, 'cpu-prof': '', 'heap-prof': '', mysql: 'mysql://root@127.0.0.1:3306' }, HELP);
const db = args.db as 'sqlite' | 'mysql';

/** A process's user and system CPU seconds (/proc/PID/stat fields 14 and 15). */
function userSystem(pid: number): { user: number; system: number } {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = 100;
  return { user: Number(fields[11]) / ticks, system: Number(fields[12]) / ticks };
}

/** Sends `count` messages, `inFlight` at a time, each from the next visitor; resolves when all are acked and delivered. */
async function replay(target: { visitors: WebSocket[]; agents: WebSocket[]; chatOf: number[]; agentOf: number[] }, count: number, inFlight: number, tag: string) {
  const acked = new Set<string>();
  const delivered = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const onAgent = (data: WebSocket.RawData) => {
    const text = String(data);
    const m = /"clientMsgId":"([^"]+)"/.exec(text);
    if (!m || !text.includes('"message.created"')) return;
    delivered.set(m[1], (delivered.get(m[1]) ?? 0) + 1);
    if (acked.has(m[1])) waiting.get(m[1])?.();
  };
  const onVisitor = (data: WebSocket.RawData) => {
    const text = String(data);
    if (!text.startsWith('{"type":"reply"')) return;
    const f = JSON.parse(text) as { ok: boolean; clientMsgId?: string; error?: unknown };
    if (!f.ok) throw new Error(`a message was refused: ${JSON.stringify(f.error)}`);
    acked.add(f.clientMsgId!);
    if (delivered.has(f.clientMsgId!)) waiting.get(f.clientMsgId!)?.();
  };
  for (const ws of target.agents) ws.on('message', onAgent);
  for (const ws of target.visitors) ws.on('message', onVisitor);
  const body = 'x'.repeat(args.body);
  let next = 0;
  const sender = async () => {
    while (next < count) {
      const i = next++;
      const v = i % target.visitors.length;
      const id = `${tag}-${i}`;
      await new Promise<void>((resolve) => {
        waiting.set(id, resolve);
        target.visitors[v].send(JSON.stringify({ type: 'message.send', ref: id, chatId: target.chatOf[v], clientMsgId: id, body }));
      });
      waiting.delete(id);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  for (const ws of target.agents) ws.off('message', onAgent);
  for (const ws of target.visitors) ws.off('message', onVisitor);
  const twice = [...delivered.values()].filter((n) => n !== 1).length;
  if (acked.size !== count || delivered.size !== count || twice) throw new Error(`acked ${acked.size}, delivered ${delivered.size}, delivered more than once ${twice}, of ${count}`);
}

/** The server's garbage collections so far, from its --trace-gc output (BENCH_SERVER_NODE_FLAGS=--trace-gc BENCH_SERVER_OUTPUT=FILE). */
let serverOutput = '';
function gcCount(): { scavenges: number; compactions: number } | null {
  if (!serverOutput || !fs.existsSync(serverOutput)) return null;
  const text = fs.readFileSync(serverOutput, 'utf8');
  return { scavenges: text.split(': Scavenge').length - 1, compactions: text.split(': Mark-Compact').length - 1 };
}

const port = await freePortBlock(30);
const socket = db === 'mysql' ? await mysqlSocket(args.mysql, 'auto') : null;
const install = await prepareInstall({ db, mysqlUrl: args.mysql, mysqlSocket: socket, agents: args.agents, logLevel: 'warn' });
let server: Tracked | undefined;
try {
  const profDir = args['cpu-prof'] ? path.resolve(args['cpu-prof']) : '';
  const heapDir = args['heap-prof'] ? path.resolve(args['heap-prof']) : '';
  server = await startServer(install.dataDir, port, { logLevel: 'warn', inspectPort: profDir || heapDir ? port + 20 : undefined });
  if (process.env.BENCH_SERVER_OUTPUT && process.env.BENCH_SERVER_NODE_FLAGS?.includes('--trace-gc')) serverOutput = `${process.env.BENCH_SERVER_OUTPUT}.${server.pid}`;
  const base = `http://127.0.0.1:${port}`;
  const target: Target = { kind: 'livechat', visitorBase: base, agentBase: base, widgetKey: install.widgetKey, clientId: install.clientId, agentEmails: install.agentEmails };
  const conns = await connectAll(target, args.visitors, args.agents, { followWebsite: false, sourceAddresses: sourceAddresses(args.visitors) });
  await replay(conns, args.warmup, args['in-flight'], 'warm');
  // What the server spends with nothing sent (heartbeats, presence, jobs) follows the clock, not the
  // messages: measured here and taken off each run in proportion to its length.
  const idle0 = cpuSecondsOf([server.pid]);
  const i0 = performance.now();
  await new Promise((r) => setTimeout(r, args['idle-seconds'] * 1000));
  const idleRate = (cpuSecondsOf([server.pid]) - idle0) / ((performance.now() - i0) / 1000);
  console.log(`idle: server CPU ${(idleRate * 100).toFixed(2)} % of a core`);
  const inspector = profDir || heapDir ? await connectInspector(port + 20) : null;
  const perMessage: number[] = [];
  for (let r = 1; r <= args.runs; r++) {
    if (profDir && r === 1) await inspector!.startProfile();
    if (heapDir && r === 1) await inspector!.startAllocationSampling();
    const cpu0 = cpuSecondsOf([server.pid]);
    const us0 = userSystem(server.pid);
    const gc0 = gcCount();
    const t0 = performance.now();
    await replay(conns, args.messages, args['in-flight'], `r${r}`);
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSecondsOf([server.pid]) - cpu0 - idleRate * wall;
    perMessage.push((cpu / args.messages) * 1e6);
    const us1 = userSystem(server.pid);
    const gc1 = gcCount();
    const split = `user ${(((us1.user - us0.user) / args.messages) * 1e6).toFixed(0)} µs + system ${(((us1.system - us0.system) / args.messages) * 1e6).toFixed(0)} µs`;
    if (profDir && r === 1) {
      fs.mkdirSync(profDir, { recursive: true });
      fs.writeFileSync(path.join(profDir, `replay-${Date.now()}.cpuprofile`), JSON.stringify(await inspector!.stopProfile()));
    }
    if (heapDir && r === 1) {
      fs.mkdirSync(heapDir, { recursive: true });
      fs.writeFileSync(path.join(heapDir, `replay-${Date.now()}.heapprofile`), JSON.stringify(await inspector!.stopAllocationSampling()));
    }
    console.log(`run ${r}: ${args.messages} messages, ${args['in-flight']} in flight, in ${wall.toFixed(1)} s: server CPU beyond idle ${(cpu * 1000).toFixed(0)} ms = ${perMessage.at(-1)!.toFixed(1)} µs a message (${split}, idle not taken off)${gc1 ? `; ${gc1.scavenges - gc0!.scavenges} scavenges, ${gc1.compactions - gc0!.compactions} mark-compacts` : ''}`);
  }
  inspector?.close();
  closeAll(conns);
  const sorted = [...perMessage].sort((a, b) => a - b);
  console.log(`server CPU per message (${db}, ${args.visitors} chats, ${args['in-flight']} in flight): median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} µs, runs ${perMessage.map((p) => p.toFixed(1)).join(', ')}`);
  if (profDir) console.log(`\n${summarizeCpuProfile(profDir)}`);
} finally {
  await stop(server);
  await install.cleanup();
}
process.exit(0);
