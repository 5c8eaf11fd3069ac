import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { withServer } from '../../helpers/scene.js';

const DIST = path.resolve('client', 'dist');
const BUDGET_BYTES = 200 * 1024;

/** The JavaScript a first visit loads: the entry, its modulepreloads, and every static import they make. */
function firstLoadScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const queue = [...entry, ...preloads].map((src) => path.join(DIST, src.replace(/^\//, '')));
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8');
    // Static imports only (`import x from"./a.js"`, `import"./a.js"`); import("./b.js") is lazy.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) queue.push(path.resolve(path.dirname(file), m[1]));
  }
  return [...seen];
}

const gzipped = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/**
 * The dashboard's first load stays small: at most 200 KB of gzipped JavaScript, measured on the
 * built files (`npm run build:client`), with visitors, settings, admin and reports as lazy chunks.
 */
describe('dashboard first-load JavaScript budget', () => {
  let html: string;
  before(function () {
    const index = path.join(DIST, 'index.html');
    if (!fs.existsSync(index)) throw new Error('client/dist/index.html is missing: run `npm run build:client` first (npm test builds it).');
    html = fs.readFileSync(index, 'utf8');
  });

  it('loads at most 200 KB of gzipped JavaScript up front', () => {
    const files = firstLoadScripts(html);
    expect(files.length).to.be.greaterThan(0);
    const sizes = files.map((f) => ({ file: path.basename(f), gz: gzipped(f) }));
    const total = sizes.reduce((n, s) => n + s.gz, 0);
    console.log(`      first load: ${(total / 1024).toFixed(1)} KB gz in ${files.length} files (${sizes.map((s) => `${s.file} ${(s.gz / 1024).toFixed(1)}`).join(', ')})`);
    expect(total).to.be.at.most(BUDGET_BYTES);
  });

  it('keeps the visitors, settings, admin, analytics and history screens out of the first load', () => {
    const first = new Set(firstLoadScripts(html).map((f) => path.basename(f)));
    const assets = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    for (const view of ['VisitorsView', 'SettingsView', 'AdminView', 'AnalyticsView', 'HistoryView']) {
      const chunk = assets.find((f) => f.startsWith(`${view}-`));
      expect(chunk, `${view} is its own chunk`).to.be.a('string');
      expect(first.has(chunk!), `${view} is not loaded up front`).to.equal(false);
      console.log(`      lazy ${view}: ${(gzipped(path.join(DIST, 'assets', chunk!)) / 1024).toFixed(1)} KB gz`);
    }
    // The Analytics page's chart library loads only when a chart is drawn.
    const chart = assets.find((f) => f.startsWith('chart-'));
    expect(chart, 'chart.js is its own chunk').to.be.a('string');
    expect(first.has(chart!), 'chart.js is not loaded up front').to.equal(false);
  });
});

describe('the dashboard served compressed', () => {
  const scene = withServer('sqlite');

  it('sends the first-load scripts with brotli or gzip when the browser accepts them, uncompressed otherwise', async () => {
    const html = await (await fetch(`${scene.server.baseUrl}/`)).text();
    const entry = /<script[^>]+type="module"[^>]+src="([^"]+)"/.exec(html)![1];
    const raw = fs.readFileSync(path.join(DIST, entry.replace(/^\//, '')));
    for (const [accept, encoding] of [['gzip', 'gzip'], ['br, gzip', 'br'], ['identity', null]] as const) {
      const res = await fetch(`${scene.server.baseUrl}${entry}`, { headers: { 'accept-encoding': accept } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/javascript/);
      expect(res.headers.get('content-encoding'), accept).to.equal(encoding);
      // fetch decodes what it was sent: the same script either way.
      expect(Buffer.from(await res.arrayBuffer()).equals(raw)).to.equal(true);
    }
  });
});
