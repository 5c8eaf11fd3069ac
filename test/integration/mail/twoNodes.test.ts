import { expect } from 'chai';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { installFixture, type Installed } from '../../helpers/install.js';
import { testEnv, requireRedisInCi } from '../../helpers/env.js';
import { dialects } from '../../helpers/databases.js';
import { startTestServer } from '../../helpers/server.js';
import { factories } from '../../helpers/factories.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';

/** Every node hears every event over Redis; the e-mail an event calls for still goes out once. */
describe('e-mail with two nodes on Redis', function () {
  let smtp: TestSmtpServer;
  let install: Installed;
  let keyPrefix: string;
  const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];

  before(async function () {
    requireRedisInCi();
    if (!testEnv.redisUrl) {
      console.log('    (skipped: needs Redis: run it on 127.0.0.1:6379 or set LIVECHAT_TEST_REDIS_URL)');
      this.skip();
    }
    keyPrefix = `lctest${crypto.randomBytes(4).toString('hex')}:`;
    smtp = await startSmtpServer();
    install = await installFixture(dialects().includes('mysql') ? 'mysql' : 'sqlite', {
      redis: { url: testEnv.redisUrl, keyPrefix },
      smtp: { url: smtp.url, from: 'Support <support@example.test>', retryDelayMs: 100 },
    });
    servers.push(await startTestServer(install), await startTestServer(install));
  });
  after(async () => {
    for (const s of servers) await s.close();
    if (install) {
      const redis = new Redis(testEnv.redisUrl!);
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await install.cleanup();
    }
    await smtp?.close();
  });

  it('sends the offline message and the transcript once, whichever node the chat is on', async () => {
    const db = install.open();
    try {
      const f = factories(db);
      const client = await f.client({ widget_settings: { ...DEFAULT_WIDGET_SETTINGS, transcriptEmails: true } });
      const agent = await f.user('agent', { status: 'offline' }, [client.id]);
      const v = await connectVisitor(servers[1].baseUrl, client.widget_key);
      const lead = { name: 'Twin Tess', email: 'tess@example.test', phone: '+1 555 0123' };
      const { chat } = await v.socket.request({ type: 'chat.start', lead, message: 'Anyone?', clientMsgId: newMsgId() });
      await smtp.waitFor((m) => m.to.includes(agent.email));
      const closed = await v.socket.request({ type: 'chat.close', chatId: chat.id });
      expect(closed.chat.status).to.equal('closed');
      await smtp.waitFor((m) => m.to.includes('tess@example.test'));
      v.socket.close();
      expect(await smtp.settle((m) => m.to.includes(agent.email), 800)).to.have.length(1);
      expect(await smtp.settle((m) => m.to.includes('tess@example.test'), 0)).to.have.length(1);
    } finally {
      await db.close();
    }
  });
});
