import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Figures read from /proc (Linux only): a process's CPU and memory, the machine's CPU, limits. */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessUsage {
  cpuSeconds: number;
  rssBytes: number;
}

/** CPU seconds (user + system, from /proc/<pid>/stat) and RSS (VmRSS, from /proc/<pid>/status); null once it has exited. */
export function processUsage(pid: number): ProcessUsage | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14 and stime 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds, rssBytes: rssKb * 1024 };
  } catch {
    return null;
  }
}

export const cpuSecondsOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (processUsage(pid)?.cpuSeconds ?? 0), 0);

/**
 * CPU seconds of the whole machine, all cores together (from /proc/stat): busy, and of that the
 * steal, time the hypervisor gave this virtual machine's CPUs to someone else. Steal makes every
 * process here wait for a core, so a run with much of it says more about the host than the code.
 */
export function machineCpuSeconds(): { busy: number; steal: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user, nice, system, , , irq, softirq, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
}

/** Pids of running processes whose command name is one of `names` (e.g. the MariaDB or Redis server). */
export function pidsByName(names: string[]): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (names.includes(fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function openFileLimit(pid: number | 'self') {
  const line = fs.readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
  const num = (s: string) => (s === 'unlimited' ? Infinity : Number(s));
  return { soft: num(soft), hard: num(hard) };
}

/**
 * Each socket is a file descriptor in the bench (client side) and in the server (server side).
 * When `ulimit -n` is below what the run needs, raise it for this process with prlimit(1); the
 * servers and the relay started afterwards inherit it. Refuses with the command to run otherwise.
 */
export function ensureOpenFileLimit(needed: number) {
  const { soft, hard } = openFileLimit('self');
  if (soft >= needed) return;
  const target = Math.max(needed, 1024);
  const newHard = hard >= target ? hard : target;
  process.stderr.write(`open-file limit (ulimit -n) is ${soft}; this run needs about ${needed}: raising it to ${target} for the bench and the servers it starts\n`);
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${target}:${newHard === Infinity ? 'unlimited' : newHard}`], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`could not raise the open-file limit to ${target} (${(err as Error).message.split('\n')[0]}). Run \`ulimit -n ${target}\` (as root, or raise the hard limit in /etc/security/limits.conf) and start the bench again.`);
  }
  const after = openFileLimit('self');
  if (after.soft < needed) throw new Error(`the open-file limit is still ${after.soft} after prlimit; run \`ulimit -n ${target}\` and start the bench again.`);
}

/** The local (ephemeral) port range: how many client sockets one source address can open to one server port. */
export function ephemeralPorts(): number {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return high - low + 1;
  } catch {
    return 28_000;
  }
}

/**
 * Loopback source addresses for `count` client sockets to one server port: 127.0.0.1, and more of
 * 127.0.0.x (all of 127/8 is this machine on Linux) when one address's ports would not be enough
 * (with room for the sockets still in TIME_WAIT from earlier phases).
 */
export function sourceAddresses(count: number): string[] {
  const perAddress = Math.floor(ephemeralPorts() * 0.6);
  const needed = Math.max(1, Math.ceil(count / perAddress));
  if (needed > 1) process.stderr.write(`${count} sockets > ${perAddress} usable local ports per address: spreading them over 127.0.0.1-127.0.0.${needed}\n`);
  return Array.from({ length: needed }, (_, i) => `127.0.0.${i + 1}`);
}

export function isLoopbackHost(host: string) {
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '::1';
}
