import fs from 'node:fs';
import path from 'node:path';
import { fmt, table } from './stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Who spent the time in a V8 .cpuprofile: an npm package, a file of ours, a Node internal, or V8 itself. */
function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/(.+)$/.exec(url);
  if (ours) return `livechat ${path.dirname(ours[1])}/`;
  if (url.startsWith('node:')) return url.split('/')[0];
  return url;
}

/**
 * The self time of a server's CPU profile (`node --cpu-prof`), by area and by function, as a share
 * of the time it was not idle. Prints the newest profile in `dir`.
 */
export function summarizeCpuProfile(dir: string, top = 20): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
  if (files.length === 0) return `no .cpuprofile in ${dir}`;
  const newest = files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  const profile = JSON.parse(fs.readFileSync(newest, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, fmt(us / 1000, 0), `${fmt((us / busy) * 100, 1)} %`]);
  return [
    `CPU profile ${newest}: ${fmt(busy / 1e6, 1)} s busy`,
    table(['area (self time)', 'ms', 'share'], rows(areas)),
    '',
    table(['function (self time)', 'ms', 'share'], rows(functions)),
  ].join('\n');
}
