import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const livechatBin = path.join(repoRoot, 'bin', 'livechat');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/** Runs the real `livechat` binary (the built one, as users run it) and collects its output. */
export function runCli(args: string[], options: { dataDir?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), LIVECHAT_LOG_LEVEL: 'warn', ...options.env };
    delete env.LIVECHAT_DATA_DIR;
    const full = options.dataDir ? [...args, '--data-dir', options.dataDir] : args;
    const child = spawn(process.execPath, [livechatBin, ...full], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        json() {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`not JSON (exit ${code}):\n${stdout}\n--- stderr ---\n${stderr}`);
          }
        },
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface LongRunning {
  child: import('node:child_process').ChildProcess;
  /** Types into the command's standard input (with `terminal`: as keys pressed in the terminal). */
  write(text: string): void;
  output(): { stdout: string; stderr: string };
  /** Resolves when stdout or stderr matches; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Starts a long-running `livechat` command (such as `start`) and watches its output. `terminal`:
 * in a pseudo-terminal (util-linux `script`), as a person at a terminal runs it: stdin and stdout
 * are TTYs, and stdout and stderr arrive mixed on stdout.
 */
export function spawnCli(args: string[], options: { dataDir?: string; env?: Record<string, string>; terminal?: boolean } = {}): LongRunning {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), LIVECHAT_LOG_LEVEL: 'warn', ...options.env };
  delete env.LIVECHAT_DATA_DIR;
  const full = options.dataDir ? [...args, '--data-dir', options.dataDir] : args;
  const command = [process.execPath, livechatBin, ...full];
  const child = options.terminal
    ? spawn('script', ['-qefc', command.map(shellQuote).join(' '), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d) => {
    stdout += d;
    listeners.forEach((l) => l());
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
    listeners.forEach((l) => l());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    write: (text) => {
      if (!child.stdin) throw new Error('this command has no standard input: spawn it with terminal: true');
      child.stdin.write(text);
    },
    output: () => ({ stdout, stderr }),
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = stdout.match(pattern) ?? stderr.match(pattern);
          if (m) {
            cleanup();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const onExit = () => {
          setTimeout(() => {
            cleanup();
            reject(new Error(`process exited before ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }, 50);
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { default: getPort } = await import('get-port');
  return getPort({ host: '127.0.0.1' });
}

/**
 * Runs `run` for each item, a few at a time, answers in the items' order. For CLI cases that change
 * nothing (bad input): each `livechat` start is mostly waiting, so four at once take a quarter of
 * the time of one after the other.
 */
export async function eachAtOnce<T, R>(items: readonly T[], run: (item: T) => Promise<R>, limit = 4): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A refusal as users must see it: exit 1, one `error:` line (two at most) saying `message`, no stack. */
export function expectUserError(res: CliResult, message: RegExp, what = ''): void {
  expect(res.code, `${what}: ${res.stderr}`).to.equal(1);
  expect(res.stderr, what).to.match(message);
  expect(res.stderr, what).to.match(/^error: /);
  expect(res.stderr, what).to.not.match(/\n\s+at /);
  expect(res.stderr.trim().split('\n'), what).to.have.length.at.most(2);
}
