import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { BUDGETS, measureWidget } from '../../../widget/budget.js';

const dist = path.resolve('widget/dist');

/** The weight budgets, on the built files (npm test builds first). */
describe('widget: size budgets of the built bundles', () => {
  before(function () {
    if (!fs.existsSync(path.join(dist, 'app', 'index.html'))) throw new Error('widget/dist is missing: run npm run build first.');
  });

  it('the loader, downloaded on every page view, is at most 3 kB gzipped', () => {
    const m = measureWidget(dist);
    expect(m.loaderGz).to.be.above(500, 'the loader is the real one, not a placeholder');
    expect(m.loaderGz).to.be.at.most(BUDGETS.loaderGz);
    expect(BUDGETS.loaderGz).to.equal(3_000);
  });

  it('everything downloaded on first open (loader, app page, its scripts and styles) is at most 35 kB gzipped', () => {
    const m = measureWidget(dist);
    expect(m.assets.some((a) => a.endsWith('.js')), 'the app page references its script').to.equal(true);
    expect(m.assets.some((a) => a.endsWith('.css')), 'the app page references its styles').to.equal(true);
    // Nothing else is fetched on open: the page references only what was measured.
    const html = fs.readFileSync(path.join(dist, 'app', 'index.html'), 'utf8');
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((x) => x[1].replace('/widget/', ''))).to.have.members(m.assets);
    expect(m.firstOpenGz).to.be.at.most(BUDGETS.firstOpenGz);
    expect(BUDGETS.firstOpenGz).to.equal(35_000);
  });

  it('ships a gzipped twin of each file that the server sends to browsers accepting gzip', () => {
    const js = path.join(dist, 'loader.js');
    expect(zlib.gunzipSync(fs.readFileSync(`${js}.gz`)).equals(fs.readFileSync(js))).to.equal(true);
  });
});
