import { cpuSecondsOf, machineCpuSeconds, processUsage } from './system.js';

export interface CpuFigures {
  /** Percent of one core, per group of processes (server, database, redis...). */
  groups: Record<string, number>;
  /** This process: the load generator. */
  generator: number;
  /** The whole machine (200 % = both cores of a 2-core machine busy). */
  machine: number;
  /** What the machine spent beyond the processes above: other work on the machine, the kernel's. */
  other: number;
  /** Of `other`: time the hypervisor took from this virtual machine (steal), in % of one core. */
  steal: number;
  seconds: number;
}

/** CPU over a window: each group of pids, the bench process itself, and the whole machine. */
export function cpuWindow(groups: Record<string, number[]>) {
  const read = () => ({
    at: performance.now(),
    groups: Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, cpuSecondsOf(pids)])),
    generator: process.cpuUsage(),
    machine: machineCpuSeconds(),
  });
  let start = read();
  return {
    restart() {
      start = read();
    },
    stop(): CpuFigures {
      const end = read();
      const seconds = (end.at - start.at) / 1000;
      const pct = (s: number) => (s / seconds) * 100;
      const groupPct = Object.fromEntries(Object.keys(groups).map((name) => [name, pct(end.groups[name] - start.groups[name])]));
      const gen = process.cpuUsage(start.generator);
      const generator = pct((gen.user + gen.system) / 1e6);
      const machine = pct(end.machine.busy - start.machine.busy);
      const steal = pct(end.machine.steal - start.machine.steal);
      // Groups named "node N" are parts of "server" (one per node), so they are not added twice.
      const known = Object.entries(groupPct).reduce((a, [name, v]) => (name.startsWith('node ') ? a : a + v), 0) + generator;
      return { groups: groupPct, generator, machine, other: Math.max(0, machine - known), steal, seconds };
    },
  };
}

/** Peak and last RSS of some processes, sampled every `everyMs` until stopped. */
export function rssSampler(pids: number[], everyMs = 250) {
  const peak = new Map<number, number>(pids.map((p) => [p, 0]));
  const sample = () => {
    for (const pid of pids) peak.set(pid, Math.max(peak.get(pid)!, processUsage(pid)?.rssBytes ?? 0));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const last = pids.map((pid) => processUsage(pid)?.rssBytes ?? 0);
      return { peakBytes: [...peak.values()].reduce((a, b) => a + b, 0), lastBytes: last.reduce((a, b) => a + b, 0) };
    },
  };
}
