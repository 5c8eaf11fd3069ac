import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';

describeEachDialect('widget files served by livechat', (dialect) => {
  const scene = withServer(dialect);

  it('serves the loader to any website: gzipped, cacheable for a few minutes, loadable cross-origin', async () => {
    const res = await fetch(`${scene.server.baseUrl}/widget/loader.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/javascript/);
    expect(res.headers.get('content-encoding')).to.equal('gzip');
    expect(res.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    expect(res.headers.get('cache-control')).to.equal('public, max-age=300');
    expect(await res.text()).to.include('/api/widget/session');
  });

  it("lets only the website's own domains (and livechat's dashboard) frame the chat app, and no page for an unknown key", async () => {
    const client = await scene.f.client({ domains: ['shop.test', '*.brand.test', 'localhost:8080'] });
    const res = await fetch(`${scene.server.baseUrl}/widget/app/?key=${client.widget_key}&host=https%3A%2F%2Fshop.test`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-frame-options')).to.equal(null);
    const csp = res.headers.get('content-security-policy')!;
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)![1].split(' ');
    // 'self': livechat's own dashboard, whose appearance editor previews the app.
    expect(ancestors).to.have.members([
      "'self'",
      'http://shop.test', 'https://shop.test', 'http://www.shop.test', 'https://www.shop.test',
      'http://*.brand.test', 'https://*.brand.test',
      'http://localhost:8080', 'https://localhost:8080', 'http://www.localhost:8080', 'https://www.localhost:8080',
    ]);
    expect(csp).to.include("script-src 'self'");
    const html = await res.text();
    expect(html).to.match(/<script type="module" crossorigin src="\/widget\/app\/assets\/index-[\w-]+\.js">/);
    const asset = /src="(\/widget\/app\/assets\/[^"]+)"/.exec(html)![1];
    const js = await fetch(`${scene.server.baseUrl}${asset}`);
    expect(js.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');

    const unknown = await fetch(`${scene.server.baseUrl}/widget/app/?key=nope`);
    expect(unknown.status).to.equal(404);
    await client.update({ is_active: false });
    expect((await fetch(`${scene.server.baseUrl}/widget/app/?key=${client.widget_key}`)).status).to.equal(404);
  });
});
