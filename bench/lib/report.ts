import type { LoadResult } from './load.js';
import type { IdleResult } from './idle.js';
import { fmt, mb, ratio, table } from './stats.js';

export interface Row {
  name: string;
  result: LoadResult;
  /** The bare relay's run at the same offered load, for the ratios. */
  relay?: LoadResult;
}

const n0 = (n: number) => fmt(n, 0);

/** Everything one run measured, as lines. */
export function details(title: string, r: LoadResult): string {
  const cpu = r.cpu;
  const groups = Object.entries(cpu.groups)
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => `${k} ${n0(v)}`)
    .join(', ');
  const refused = Object.entries(r.refused).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  return [
    title,
    `  sent ${n0(r.sent)}, acked ${n0(r.acked)}, received by the chat's agent ${n0(r.received)}, lost ${n0(r.lost)}, duplicated ${n0(r.duplicated)}; achieved ${n0(r.achievedPerSecond)} msg/s`,
    `  message.created frames at the agent sockets ${n0(r.agentFrames)} (fan-out deliveries never seen: ${n0(r.fanoutMissing)}); refused replies: ${refused}; error frames ${r.errorFrames}; sockets dropped ${r.socketsDropped}`,
    `  end-to-end ms (visitor send -> agent receive): p50 ${fmt(r.endToEnd.p50)}, p99 ${fmt(r.endToEnd.p99)}, max ${fmt(r.endToEnd.max)}; ack ms: p50 ${fmt(r.ack.p50)}, p99 ${fmt(r.ack.p99)}, max ${fmt(r.ack.max)}`,
    `  generator's own send lag behind schedule ms: p99 ${fmt(r.sendLag.p99)}, max ${fmt(r.sendLag.max)}`,
    `  slowest seconds of the window (e2e p99 / max ms): ${r.worstSeconds.map((w) => `s${w.second} ${fmt(w.p99)}/${fmt(w.max)}`).join(', ')}`,
    `  CPU, % of one core over the ${fmt(cpu.seconds, 0)} s measured: ${groups}, load generator ${n0(cpu.generator)}, anything else on the machine ${n0(cpu.other)} (of which hypervisor steal ${n0(cpu.steal)}); machine ${n0(cpu.machine)} of 200`,
    `  server peak RSS ${mb(r.peakRssBytes)} MB`,
  ].join('\n');
}

export function summaryTable(rows: Row[]): string {
  const head = ['run', 'offered/s', 'sent', 'acked', 'received', 'lost', 'dup', 'got/s', 'e2e p50', 'e2e p99', 'e2e max', 'ack p50', 'ack p99', 'srv CPU%', 'db CPU%', 'gen CPU%', 'other%', 'steal%', 'RSS MB', 'p99/relay', 'CPU/relay'];
  const line = (name: string, r: LoadResult, relay?: LoadResult) => [
    name,
    n0(r.offered),
    n0(r.sent),
    n0(r.acked),
    n0(r.received),
    n0(r.lost),
    n0(r.duplicated),
    n0(r.achievedPerSecond),
    fmt(r.endToEnd.p50),
    fmt(r.endToEnd.p99),
    fmt(r.endToEnd.max),
    fmt(r.ack.p50),
    fmt(r.ack.p99),
    n0(r.cpu.groups.server),
    r.cpu.groups.mariadb !== undefined ? n0(r.cpu.groups.mariadb + (r.cpu.groups.redis ?? 0)) : '-',
    n0(r.cpu.generator),
    n0(r.cpu.other),
    n0(r.cpu.steal),
    mb(r.peakRssBytes),
    relay ? ratio(r.endToEnd.p99, relay.endToEnd.p99) : '-',
    relay ? ratio(r.cpu.groups.server, relay.cpu.groups.server) : '-',
  ];
  const body = rows.flatMap((row) => [line(row.name, row.result, row.relay), ...(row.relay ? [line('  bare ws relay', row.relay)] : [])]);
  return [
    table(head, body),
    'ms for latencies; CPU in % of one core (the machine has 200); db = MariaDB (+ Redis); gen = this load generator; other = the rest of the machine, steal (part of other) = CPU the hypervisor took: runs with much of it are not comparable.',
  ].join('\n');
}

export function idleTable(rows: IdleResult[]): string {
  return table(
    ['idle sockets', 'count', 'still open', 'RSS before MB', 'KB/socket at 3 s', 'at 30 s', 'after forced GC', 'JS heap KB/socket', 'RSS after MB'],
    rows.map((r) => [r.label, n0(r.sockets), n0(r.open), mb(r.rssBefore), fmt(r.rssPerSocketAt3s / 1024, 1), fmt(r.rssPerSocketAt30s / 1024, 1), fmt(r.rssPerSocket / 1024, 1), fmt(r.heapPerSocket / 1024, 1), mb(r.rssAfter)]),
  );
}
