/**
 * Realtime load bench (docs/benchmarks.md): starts the real server (`bin/livechat start`, from
 * dist/) on a fresh install (SQLite, or a new MariaDB database; one node, or several over one
 * MariaDB and Redis), drives N visitor sockets and M agent sockets from this process at an offered
 * message rate (open loop), and prints sent/acked/received/lost/duplicated, end-to-end and ack
 * latency, CPU of every process involved and the server's RSS. The same load against a bare `ws`
 * relay (bench/lib/relay.ts) is the physical ceiling; our figures are printed as ratios of it.
 * `--idle N` measures memory per idle visitor socket instead. Loopback only; it stops by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from './lib/args.js';
import { mysqlSocket, prepareInstall, startRelay, startServer, type Install } from './lib/setup.js';
import { closeAll, connectAll, openSocket, inBatches, visitorSocket, visitorToken, type Target } from './lib/connect.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { measureIdleSockets } from './lib/idle.js';
import { startSqlCounter } from './lib/sqlCounter.js';
import { connectInspector } from './lib/inspector.js';
import { summarizeCpuProfile } from './lib/cpuProfile.js';
import { describeSecond, startStallMonitor, type StallRecord } from './lib/stallMonitor.js';
import { details, idleTable, summaryTable, type Row } from './lib/report.js';
import { exitAfter, stop, type Tracked } from './lib/procs.js';
import { ensureOpenFileLimit, isLoopbackHost, pidsByName, sourceAddresses } from './lib/system.js';
import { fmt } from './lib/stats.js';
import { describeSettings, readMariadbSettings, startPrivateMariadb } from './lib/privateMariadb.js';
import { freePortBlock } from './lib/freePorts.js';

const HELP = `npx tsx bench/realtime-load.ts [options]      (build first: npx tsc -p tsconfig.json)

  --db sqlite|mysql      database of the fresh install (default mysql: a new database on --mysql)
  --nodes N              server processes; more than 1 shares MariaDB and Redis (default 1)
  --visitors N           visitor sockets, one chat each (default 500)
  --agents M             agent sockets; agent i % M joins chat i (default 20)
  --rate R[,R2,...]      offered messages per second, all visitors together; a list runs each (default 1000)
  --seconds S            measured seconds, after --warmup seconds not counted (defaults 20 and 3)
  --body B               characters of text in each message besides its tag (default 60)
  --no-follow            agents do not subscribe to visitors.{website}: each message reaches its chat's agent only
  --no-relay             skip the bare ws relay run
  --relay-only           only the bare ws relay run (no livechat server)
  --relay-cork           the relay corks each socket for an event-loop turn: one write per socket per turn
  --idle N               instead: memory per idle visitor socket with N sockets (e.g. 10000)
  --count-sql            count the SQL statements per message through a proxy in front of MariaDB (diagnostic: adds a hop)
  --cpu-prof DIR         profile the server's CPU over the measured window into DIR and print where its time went
  --stalls               record each server's event-loop delay and GC pauses (through the inspector) and print
                         them for the slowest seconds: a stall in the server shows there, one in the database not
  --log-level L          the server's log.level (default warn)
  --port P               first port (default: a free block; nodes P, P+1..., relay P+10, inspectors P+20..., own MariaDB P+40)
  --mysql URL            MariaDB admin URL on loopback (default mysql://root@127.0.0.1:3306)
  --mysql-socket S       how the server reaches MariaDB: auto (its Unix socket when it is on this host, as
                         an appliance would), tcp, or a socket path (default auto)
  --mariadb-config FILE  start a MariaDB of the bench's own from FILE (e.g. templates/mariadb-livechat.cnf),
                         with a fresh data folder on disk, instead of using --mysql
  --redis URL            Redis on loopback (default redis://127.0.0.1:6379)
`;

const args = parseArgs(
  {
    db: 'mysql',
    nodes: 1,
    visitors: 500,
    agents: 20,
    rate: '1000',
    seconds: 20,
    warmup: 3,
    body: 60,
    'no-follow': false,
    'no-relay': false,
    'relay-only': false,
    'relay-cork': false,
    idle: 0,
    'count-sql': false,
    'cpu-prof': '',
    stalls: false,
    'log-level': 'warn',
    port: 0,
    mysql: 'mysql://root@127.0.0.1:3306',
    'mysql-socket': 'auto',
    'mariadb-config': '',
    redis: 'redis://127.0.0.1:6379',
  },
  HELP,
);

const db = args.db as 'sqlite' | 'mysql';
const rates = args.rate.split(',').map(Number);
const follow = !args['no-follow'];
if (!['sqlite', 'mysql'].includes(db)) throw new Error('--db is sqlite or mysql');
if (args.nodes > 1 && db !== 'mysql') throw new Error('several nodes share one MariaDB (and Redis): use --db mysql');
if (rates.some((r) => !(r > 0)) || args.visitors < 1 || args.agents < 1 || args.seconds <= 0) throw new Error('--rate, --visitors, --agents and --seconds must be positive');
if (args['count-sql'] && db !== 'mysql') throw new Error('--count-sql counts MariaDB statements: use --db mysql');
for (const url of [args.mysql, args.redis]) if (!isLoopbackHost(new URL(url).hostname)) throw new Error(`the bench runs on loopback only: ${url}`);

// The layout above spans 50 ports from P; without --port, a block nobody uses.
if (args.port === 0) args.port = await freePortBlock(50);
const logLevel = args['log-level'];
const runSeconds = args.warmup + args.seconds + 30 + args.visitors / 20;
exitAfter(args.idle > 0 ? 900 + args.idle / 10 : 120 + rates.length * runSeconds * (args['no-relay'] || args['relay-only'] ? 1 : 2));
ensureOpenFileLimit((args.idle > 0 ? args.idle : args.visitors + args.agents) + 1024);
const sources = sourceAddresses(args.idle > 0 ? args.idle : args.visitors);
const log = (line: string) => process.stderr.write(`${line}\n`);
/** The MariaDB of the runs: --mysql, or the bench's own (--mariadb-config). */
let mysqlUrl = args.mysql;
let mariadbPids = () => pidsByName(['mariadbd', 'mysqld']);
let mariadbSettings = '';
const mysqlUpstream = () => ({ host: new URL(mysqlUrl).hostname, port: Number(new URL(mysqlUrl).port || 3306) });

async function livechatRun(rate: number): Promise<LoadResult> {
  const counter = args['count-sql'] ? await startSqlCounter(mysqlUpstream()) : null;
  // The statement counter is a TCP proxy, so counting takes the server off the socket.
  const socket = counter || db !== 'mysql' ? null : await mysqlSocket(mysqlUrl, args['mysql-socket']);
  const install = await prepareInstall({ db, mysqlUrl, mysqlSocket: socket, redisUrl: args.nodes > 1 ? args.redis : undefined, agents: args.agents, logLevel });
  const servers: Tracked[] = [];
  const profDir = args['cpu-prof'] ? path.resolve(args['cpu-prof']) : undefined;
  try {
    if (counter) {
      const url = new URL(install.databaseUrl!);
      url.host = `127.0.0.1:${counter.port}`;
      install.setDatabaseUrl(url.toString());
    }
    if (profDir) fs.mkdirSync(profDir, { recursive: true });
    // Each node has its own data folder (pid file, logs) and the same configuration: one database, one Redis.
    const inspect = Boolean(profDir) || args.stalls;
    for (let n = 0; n < args.nodes; n++) servers.push(await startServer(n === 0 ? install.dataDir : install.cloneDataDir(), args.port + n, { logLevel, inspectPort: inspect ? args.port + 20 + n : undefined }));
    // Profiled over the measured window only, so setting up the sockets does not count.
    const inspectors = inspect ? await Promise.all(servers.map((_, n) => connectInspector(args.port + 20 + n))) : [];
    let monitors: Promise<{ stop(): Promise<StallRecord> }>[] = [];
    const base = (n: number) => `http://127.0.0.1:${args.port + n}`;
    const target: Target = { kind: 'livechat', visitorBase: base(0), agentBase: base(args.nodes - 1), widgetKey: install.widgetKey, clientId: install.clientId, agentEmails: install.agentEmails };
    if (db === 'mysql') log(`livechat reaches MariaDB over ${socket ? `its Unix socket ${socket}` : 'TCP'}`);
    log(`livechat (${db}, ${args.nodes} node(s)): connecting ${args.visitors} visitors and ${args.agents} agents${args.nodes > 1 ? ' (visitors on the first node, agents on the last)' : ''}...`);
    const conns = await connectAll(target, args.visitors, args.agents, { followWebsite: follow, sourceAddresses: sources });
    log(`livechat: offering ${rate} msg/s for ${args.seconds} s after ${args.warmup} s of warm-up...`);
    counter?.take();
    let sql: Record<string, number> = {};
    let profiles: Promise<unknown>[] = [];
    const result = await runLoad(conns, {
      rate,
      seconds: args.seconds,
      warmup: args.warmup,
      bodyBytes: args.body,
      followWebsite: follow,
      cpuGroups: {
        server: servers.map((s) => s.pid),
        ...(args.nodes > 1 ? Object.fromEntries(servers.map((s, n) => [`node ${n + 1}`, [s.pid]])) : {}),
        ...(db === 'mysql' ? { mariadb: mariadbPids() } : {}),
        ...(args.nodes > 1 ? { redis: pidsByName(['redis-server']) } : {}),
      },
      onWindow: (edge) => {
        if (edge === 'start') {
          counter?.take();
          if (profDir) for (const i of inspectors) void i.startProfile();
          if (args.stalls) monitors = inspectors.map((i) => startStallMonitor(i));
        } else {
          sql = counter?.take() ?? {};
          if (profDir) profiles = inspectors.map((i) => i.stopProfile());
        }
      },
    });
    const stalls = await Promise.all(monitors.map(async (m) => (await m).stop()));
    closeAll(conns);
    for (const [n, profile] of (await Promise.all(profiles)).entries()) fs.writeFileSync(path.join(profDir!, `node${n + 1}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    for (const i of inspectors) i.close();
    const title = `livechat ${db}, ${args.nodes} node(s), ${args.visitors} visitors, ${args.agents} agents${follow ? ' following the website' : ''}, ${rate} msg/s offered for ${args.seconds} s`;
    console.log(`\n${details(title, result)}`);
    for (const w of args.stalls ? result.worstSeconds : []) {
      const from = result.windowStartEpochMs + w.second * 1000;
      console.log(`  s${w.second} in the server: ${describeSecond(stalls, from, from + 1000 + w.max)}`);
    }
    if (counter) {
      const total = Object.values(sql).reduce((a, b) => a + b, 0);
      const commits = sql.COMMIT ?? 0;
      console.log(`  SQL commands sent to MariaDB in the measured window: ${total} for ${result.sent} messages = ${fmt(total / result.sent, 2)} per message; ${commits} commits = ${fmt(result.sent / Math.max(commits, 1), 1)} messages per transaction`);
      console.log(`  ${Object.entries(sql).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v} (${fmt(v / result.sent, 3)}/msg)`).join(', ')}`);
    }
    for (const s of servers) {
      const errors = s.errorLines();
      if (errors.length) console.log(`  server ${s.pid} logged ${errors.length} warning(s) or error(s), first: ${errors[0].slice(0, 400)}`);
    }
    return result;
  } finally {
    for (const s of servers) await stop(s);
    if (profDir) console.log(`\n${summarizeCpuProfile(profDir)}`);
    await counter?.close();
    await install.cleanup();
  }
}

async function relayRun(rate: number): Promise<LoadResult> {
  const relay = await startRelay(args.port + 10, follow ? 'all' : 'one', { cork: args['relay-cork'] });
  try {
    const conns = await connectAll({ kind: 'relay', base: `http://127.0.0.1:${args.port + 10}` }, args.visitors, args.agents, { followWebsite: follow, sourceAddresses: sources });
    log(`bare ws relay: offering ${rate} msg/s for ${args.seconds} s after ${args.warmup} s of warm-up...`);
    const result = await runLoad(conns, { rate, seconds: args.seconds, warmup: args.warmup, bodyBytes: args.body, followWebsite: follow, cpuGroups: { server: [relay.pid] } });
    closeAll(conns);
    console.log(`\n${details(`bare ws relay (fan-out to ${follow ? 'every agent' : "the chat's agent"}${args['relay-cork'] ? ', corked per turn' : ''}), ${rate} msg/s offered`, result)}`);
    return result;
  } finally {
    await stop(relay);
  }
}

async function loadRuns() {
  const rows: Row[] = [];
  for (const rate of rates) {
    if (args['relay-only']) {
      rows.push({ name: `bare ws relay${args['relay-cork'] ? ' (corked)' : ''}`, result: await relayRun(rate) });
      continue;
    }
    const ours = await livechatRun(rate);
    const relay = args['no-relay'] ? undefined : await relayRun(rate);
    rows.push({ name: `livechat ${db} x${args.nodes}`, result: ours, relay });
  }
  console.log(`\n=== summary: ${args.visitors} visitors, ${args.agents} agents${follow ? ' (all following the website)' : ''}, ${args.seconds} s measured after ${args.warmup} s warm-up, ${os.cpus().length} cores ===`);
  if (mariadbSettings) console.log(mariadbSettings);
  console.log(summaryTable(rows));
  for (const { result: r, relay } of rows) {
    if (relay) console.log(`at ${r.offered} msg/s: e2e p99 ${fmt(r.endToEnd.p99 / relay.endToEnd.p99)}x the bare relay's, p50 ${fmt(r.endToEnd.p50 / relay.endToEnd.p50)}x, server CPU ${fmt(r.cpu.groups.server / relay.cpu.groups.server)}x`);
  }
}

async function idleRun() {
  const results = [];
  const count = args.idle;
  let install: Install | null = await prepareInstall({ db, mysqlUrl, agents: 1, logLevel });
  let server: Tracked | undefined;
  try {
    server = await startServer(install.dataDir, args.port, { logLevel, inspectPort: args.port + 20 });
    const base = `http://127.0.0.1:${args.port}`;
    log(`getting ${count} visitor tokens from POST /api/widget/session...`);
    const tokens = await inBatches(count, 50, () => visitorToken(base, install!.widgetKey), (done) => done % 2000 === 0 && log(`  ${done} tokens`));
    results.push(await measureIdleSockets('livechat visitor', server.pid, args.port + 20, count, (i) => visitorSocket(base, tokens[i], sources[i % sources.length])));
    const errors = server.errorLines();
    if (errors.length) console.log(`server logged ${errors.length} warning(s) or error(s), first: ${errors[0].slice(0, 400)}`);
  } finally {
    await stop(server);
    await install.cleanup();
    install = null;
  }
  const relay = await startRelay(args.port + 10, 'one', { inspectPort: args.port + 21 });
  try {
    results.push(await measureIdleSockets('bare ws relay', relay.pid, args.port + 21, count, (i) => openSocket(`ws://127.0.0.1:${args.port + 10}/?v=${i}&a=0`, {}, sources[i % sources.length])));
  } finally {
    await stop(relay);
  }
  const [ours, bare] = results;
  console.log(`\n=== ${count} idle visitor sockets (${db}): RSS growth per socket over a baseline taken after a forced GC ===`);
  console.log(idleTable(results));
  console.log(`livechat per socket: ${fmt(ours.rssPerSocketAt30s / 1024)} KB RSS at 30 s (${fmt(ours.rssPerSocketAt30s / bare.rssPerSocketAt30s, 2)}x the bare ws socket), ${fmt(ours.rssPerSocket / 1024)} KB after a forced GC (${fmt(ours.rssPerSocket / bare.rssPerSocket, 2)}x)`);
}

const privateDb = args['mariadb-config'] && db === 'mysql' && !args['relay-only'] ? await startPrivateMariadb(args['mariadb-config'], args.port + 40) : null;
try {
  if (privateDb) {
    mysqlUrl = privateDb.url;
    mariadbPids = () => [privateDb.pid];
  }
  if (db === 'mysql' && !args['relay-only']) log((mariadbSettings = describeSettings(await readMariadbSettings(mysqlUrl))));
  await (args.idle > 0 ? idleRun() : loadRuns());
} finally {
  await privateDb?.stop();
}
process.exit(0);
