import fs from 'node:fs';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * The processes a bench starts (servers, relay) die with it: killed on exit, on Ctrl-C, on an
 * error, when the time budget runs out, and (through setpriv's parent-death signal) even when the
 * bench itself is killed with SIGKILL. A bench never leaves a server running.
 */
const children = new Set<ChildProcess>();
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));

process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping the processes it started\n`);
    process.exit(130);
  });
}

export interface Tracked {
  child: ChildProcess;
  pid: number;
  /** The last 64 KB of its stdout and stderr, for error reports. */
  output(): string;
  /** Lines it logged at level error or fatal (pino JSON: level >= 50). */
  errorLines(): string[];
}

/** Spawns a process that cannot outlive the bench and resolves once `ready` appears in its output. */
export function spawnTracked(command: string, args: string[], ready: RegExp, options: SpawnOptions = {}, timeoutMs = 60_000): Promise<Tracked> {
  const [cmd, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', command, ...args]] : [command, args];
  const child = spawn(cmd, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let tail = '';
  const errors: string[] = [];
  let partial = '';
  // Keep reading both pipes for the whole run: a full pipe would block the server.
  const copy = process.env.BENCH_SERVER_OUTPUT ? fs.createWriteStream(`${process.env.BENCH_SERVER_OUTPUT}.${child.pid}`) : null;
  const onData = (d: Buffer) => {
    copy?.write(d);
    tail = (tail + d).slice(-65_536);
    const lines = (partial + d).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (/"level":(4\d|5\d|6\d)/.test(line) && errors.length < 1000) errors.push(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const tracked: Tracked = { child, pid: child.pid!, output: () => tail, errorLines: () => errors };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not print ${ready} within ${timeoutMs / 1000} s:\n${tail}`));
    }, timeoutMs);
    const check = () => {
      if (ready.test(tail)) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        resolve(tracked);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${tail}`));
    });
  });
}

/** Asks a process to stop (SIGTERM, so a server shuts down cleanly and writes its CPU profile) and kills it after `graceMs`. */
export async function stop(tracked: Tracked | undefined, graceMs = 15_000): Promise<void> {
  if (!tracked) return;
  const { child } = tracked;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Ends the bench if it runs past its budget, whatever it is waiting for (the exit hook stops the servers). */
export function exitAfter(seconds: number) {
  setTimeout(() => {
    process.stderr.write(`\nbench: still running after its budget of ${Math.round(seconds)} s; stopping\n`);
    process.exit(3);
  }, seconds * 1000).unref();
}
