import { expect } from 'chai';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { testEnv } from '../../helpers/env.js';
import { createRedisBus } from '../../../lib/events/redisBus.js';
import { createRedisPresenceStore } from '../../../lib/realtime/redisPresenceStore.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';

const event = (visitorId: number): LivechatEvent => ({ name: 'visitor.presence', clientId: 1, visitorId, online: true });

describe('Redis: the event bus and presence across nodes', function () {
  const prefix = `lcu${crypto.randomBytes(3).toString('hex')}:`;
  const clients: Redis[] = [];
  before(function () {
    if (testEnv.ci && !testEnv.redisUrl) throw new Error('CI=true but LIVECHAT_TEST_REDIS_URL is not set: the Redis suite is required in CI.');
    if (!testEnv.redisUrl) this.skip();
  });
  after(() => clients.forEach((c) => c.disconnect()));

  it('hands each event to every node once, in order, and to its own handlers once', async () => {
    const nodeA = await createRedisBus(testEnv.redisUrl!, undefined, prefix);
    const nodeB = await createRedisBus(testEnv.redisUrl!, undefined, prefix);
    const other = await createRedisBus(testEnv.redisUrl!, undefined, `${prefix}other:`);
    const got = { a: [] as number[], b: [] as number[], other: [] as number[] };
    nodeA.subscribe((e) => got.a.push((e as { visitorId: number }).visitorId));
    nodeB.subscribe((e) => got.b.push((e as { visitorId: number }).visitorId));
    other.subscribe((e) => got.other.push((e as { visitorId: number }).visitorId));
    for (let i = 1; i <= 50; i++) await nodeA.publish(event(i));
    await new Promise((r) => setTimeout(r, 300));
    const expected = Array.from({ length: 50 }, (_, i) => i + 1);
    expect(got.a).to.deep.equal(expected);
    expect(got.b).to.deep.equal(expected);
    expect(got.other, 'another install on the same Redis heard it').to.deep.equal([]);
    await Promise.all([nodeA.close(), nodeB.close(), other.close()]);
  });

  it('counts connections across nodes, and forgets a node that stopped heart-beating', async () => {
    const r1 = new Redis(testEnv.redisUrl!);
    const r2 = new Redis(testEnv.redisUrl!);
    clients.push(r1, r2);
    const node1 = createRedisPresenceStore(r1, prefix);
    const node2 = createRedisPresenceStore(r2, prefix);
    expect(await node1.add('agent', 7)).to.equal(1);
    expect(await node2.add('agent', 7)).to.equal(2);
    expect(await node1.remove('agent', 7)).to.equal(1);
    expect(await node2.count('agent', 7)).to.equal(1);
    // Node 2 dies without cleaning up: once its heartbeat key is gone its count no longer holds.
    await node2.add('visitor', 9);
    const keys = await r1.keys(`${prefix}node:*`);
    expect(keys).to.have.length(2);
    await node1.close();
    await node2.close();
    expect(await createRedisPresenceStore(r1, prefix).count('visitor', 9)).to.equal(0);
  });
});
