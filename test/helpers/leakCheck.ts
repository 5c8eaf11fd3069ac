import { createHook } from 'node:async_hooks';
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';

/**
 * Root hooks (loaded by .mocharc.json's `require`): a run that leaves something holding the event
 * loop — a listening server, a socket, a Redis client, a ref'd timer, a child process — fails and
 * names it, instead of hanging (mocha runs without `exit: true`, so a leak would keep the process
 * up) or being hidden by a forced exit.
 *
 * LEAK_STACKS=1 also records where each timer, socket and child process was made (slower; for
 * finding the one that leaked).
 */

/** How long the run's last closes get to finish before what is still open counts as leaked. */
const SETTLE_MS = 2000;
/** After a leak is reported, the run exits by itself this long later (the reporter prints first). */
const EXIT_AFTER_LEAK_MS = 1000;

const stacks = new Map<number, { type: string; resource: unknown; stack: string }>();
const tracked = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'PROCESSWRAP', 'PIPEWRAP', 'Immediate']);
if (process.env.LEAK_STACKS === '1') {
  createHook({
    init(asyncId, type, _trigger, resource) {
      if (!tracked.has(type)) return;
      const frames = new Error().stack!.split('\n').slice(1).filter((line) => !line.includes('(node:') && !line.includes('leakCheck.ts'));
      // Mocha's own timers (one per running hook or test) are not the tests' to close.
      if (!frames[0]?.includes('node_modules/mocha/')) stacks.set(asyncId, { type, resource, stack: frames.slice(0, 8).join('\n') });
    },
    destroy(asyncId) {
      stacks.delete(asyncId);
    },
  }).enable();
}

/** The event-loop holders now, as counts per type (stdio and mocha's own hook timer included). */
function holders(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** What is held now and was not at the start: the leak, type by type. */
function leakedSince(start: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [type, count] of holders()) {
    const extra = count - (start.get(type) ?? 0);
    if (extra > 0) out.push(`${extra} × ${type}`);
  }
  return out;
}

/** Names the handles Node can show (servers, sockets, child processes): which port, which pid. */
function describeHandles(): string[] {
  // _getActiveHandles is the only way to see the objects behind getActiveResourcesInfo's types.
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const out: string[] = [];
  for (const h of handles) {
    if (h instanceof net.Server) out.push(`a server listening on ${JSON.stringify(h.address())}`);
    else if (h instanceof net.Socket) {
      if (h === process.stdout || h === process.stderr || h === process.stdin) continue;
      out.push(h.remotePort ? `a socket ${h.localPort} -> ${h.remoteAddress}:${h.remotePort}` : 'a socket (pipe)');
    } else if (h && typeof h === 'object' && 'spawnargs' in h) out.push(`child process ${(h as ChildProcess).pid}: ${(h as ChildProcess).spawnargs.join(' ')}`);
  }
  return out;
}

function describeStacks(): string[] {
  const out: string[] = [];
  for (const { type, resource, stack } of stacks.values()) {
    const r = resource as { hasRef?: () => boolean; _destroyed?: boolean };
    if (type === 'Timeout' && (r._destroyed || r.hasRef?.() === false)) continue;
    out.push(`${type} made at\n${stack}`);
  }
  return out;
}

let start = new Map<string, number>();

export const mochaHooks = {
  // Both hooks look after an await: by then mocha holds one timer for the running hook, the same
  // at the start as at the end, so the two cancel out.
  async beforeAll() {
    await Promise.resolve();
    start = holders();
  },
  async afterAll() {
    let leaked = leakedSince(start);
    for (const until = Date.now() + SETTLE_MS; leaked.length && Date.now() < until; leaked = leakedSince(start)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!leaked.length) return;
    // Fail the run, then make sure it ends: what leaked would otherwise keep it up for good.
    setTimeout(() => process.exit(), EXIT_AFTER_LEAK_MS).unref();
    const found = [...describeHandles(), ...describeStacks()];
    throw new Error(
      `The test run left these holding the event loop: ${leaked.join(', ')}.\n` +
        (found.length ? `${found.map((f) => `  - ${f}`).join('\n')}\n` : '') +
        'Close every server, socket, Redis client, child process and timer a test opens (or unref a timer that must outlive it); LEAK_STACKS=1 shows where each was made.',
    );
  },
};
