import { expect } from 'chai';
import { installFixture, type Installed } from '../helpers/install.js';
import { startTestServer } from '../helpers/server.js';
import { factories } from '../helpers/factories.js';

/**
 * Many writes at once on the embedded database: every one must succeed (SQLite has one writer;
 * the server must queue them, not fail them with SQLITE_BUSY or stall its thread pool).
 */
describe('the embedded SQLite database under concurrent writes', () => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let widgetKey: string;
  before(async () => {
    install = await installFixture('sqlite', { chat: { widgetRequestsPerMinute: 10_000 } });
    const db = install.open();
    widgetKey = (await factories(db).client({ domains: ['example.test'] })).widget_key;
    await db.close();
    server = await startTestServer(install);
  });
  after(async () => {
    await server.close();
    await install.cleanup();
  });

  it('takes 60 visitors arriving at the same moment without a single error', async function () {
    this.timeout(60_000);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${server.baseUrl}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://example.test' }, body: JSON.stringify({ widgetKey }) }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 200)).to.deep.equal([]);
    const db = install.open();
    try {
      expect(await db.models.Visitor.count()).to.equal(60);
    } finally {
      await db.close();
    }
  });
});
