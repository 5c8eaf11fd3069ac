import { expect } from 'chai';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { testEnv, redisUrlOrSkip, dropRedisKeys } from '../../helpers/env.js';
import { createRedisBus } from '../../../lib/events/redisBus.js';
import { createRedisPresenceStore } from '../../../lib/realtime/redisPresenceStore.js';
import type { BusEvent } from '../../../lib/protocol/events.js';
import { quietFor, waitFor, waitForValue } from '../../helpers/wait.js';

const event = (visitorId: number): BusEvent => ({ name: 'visitor.presence', clientId: 1, visitorId, online: true });
const idOf = (e: BusEvent) => (e as { visitorId: number }).visitorId;
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** Waits until check() holds (or time runs out), then a little longer so a late duplicate would show. */
async function settle(check: () => boolean, timeoutMs = 3000) {
  await waitFor('the events to arrive', check, timeoutMs).catch(() => undefined); // the caller's expect says what is missing
  await quietFor(150); // a duplicate published at once would arrive well within this
}

describe('Redis: the event bus and presence across nodes', function () {
  const prefix = `lctest${crypto.randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  const cleanups: (() => unknown)[] = [];
  const busErrors: unknown[] = [];

  before(function () {
    redis = new Redis(redisUrlOrSkip(this));
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    expect(busErrors.splice(0), 'bus errors').to.deep.equal([]);
  });
  after(() => dropRedisKeys(redis, prefix));

  const bus = async (keyPrefix = prefix) => {
    const b = await createRedisBus(testEnv.redisUrl!, (err) => busErrors.push(err), keyPrefix);
    cleanups.push(() => b.close());
    return b;
  };
  const node = (options: { heartbeatMs?: number; keyPrefix?: string } = {}) => {
    const client = new Redis(testEnv.redisUrl!);
    const store = createRedisPresenceStore(client, { keyPrefix: prefix, ...options });
    cleanups.push(() => client.disconnect(), () => store.close());
    return { client, store };
  };

  describe('event bus', () => {
    it('hands an event to its own node\'s handlers once and to the other node\'s once, in publish order', async () => {
      const [a, b] = [await bus(), await bus()];
      const got = { a: [] as number[], a2: [] as number[], b: [] as number[] };
      a.subscribe((e) => got.a.push(idOf(e)));
      a.subscribe((e) => got.a2.push(idOf(e)));
      b.subscribe((e) => got.b.push(idOf(e)));
      for (let i = 1; i <= 200; i++) await a.publish(event(i));
      // Local handlers run before publish resolves: no round trip through Redis for this node.
      expect(got.a).to.deep.equal(range(1, 200));
      await settle(() => got.b.length >= 200);
      expect(got.a, 'own echo handled again').to.deep.equal(range(1, 200));
      expect(got.a2).to.deep.equal(range(1, 200));
      expect(got.b).to.deep.equal(range(1, 200));
    });

    it('carries a batch of events published together as one Redis message, in order, and still takes a single-event message from an older node', async () => {
      const [a, b] = [await bus(), await bus()];
      const got = { a: [] as number[], b: [] as number[] };
      a.subscribe((e) => got.a.push(idOf(e)));
      b.subscribe((e) => got.b.push(idOf(e)));
      const watcher = new Redis(testEnv.redisUrl!);
      cleanups.push(() => watcher.disconnect());
      const seen: string[] = [];
      await watcher.subscribe(`${prefix}events`);
      watcher.on('message', (_c, text: string) => seen.push(text));

      await a.publishMany(range(1, 50).map(event));
      expect(got.a).to.deep.equal(range(1, 50));
      await settle(() => got.b.length >= 50);
      expect(got.b).to.deep.equal(range(1, 50));
      expect(seen, 'Redis messages for one batch').to.have.length(1);

      // What a node of version 0.1.0 publishes during a rolling upgrade: one event per message.
      await redis.publish(`${prefix}events`, JSON.stringify({ node: 'an-older-node', event: event(51) }));
      await redis.publish(`${prefix}events`, 'not json');
      await settle(() => got.b.length >= 51);
      expect(got.b.slice(50)).to.deep.equal([51]);
      expect(got.a.slice(50)).to.deep.equal([51]);
      expect(busErrors.splice(0).map((e) => (e as Error).name)).to.deep.equal(['SyntaxError', 'SyntaxError']);
    });

    it('keeps each node\'s order when both publish at once, and every node hears every event once', async () => {
      const [a, b] = [await bus(), await bus()];
      const got = { a: [] as number[], b: [] as number[] };
      a.subscribe((e) => got.a.push(idOf(e)));
      b.subscribe((e) => got.b.push(idOf(e)));
      // Fired without awaiting each one, as concurrent requests on a node do.
      await Promise.all([...range(1, 300).map((i) => a.publish(event(i))), ...range(1001, 300).map((i) => b.publish(event(i)))]);
      await settle(() => got.a.length >= 600 && got.b.length >= 600);
      for (const [name, seen] of Object.entries(got)) {
        expect(seen, `${name} heard something twice`).to.have.length(600);
        expect(new Set(seen).size).to.equal(600);
        expect(seen.filter((i) => i < 1000), `${name}: node A's order`).to.deep.equal(range(1, 300));
        expect(seen.filter((i) => i > 1000), `${name}: node B's order`).to.deep.equal(range(1001, 300));
      }
    });

    it('keeps two installs sharing one Redis apart by their key prefix', async () => {
      const [a, other] = [await bus(), await bus(`${prefix}other:`)];
      const heard: number[] = [];
      other.subscribe((e) => heard.push(idOf(e)));
      const probe = await bus();
      const reached: number[] = [];
      probe.subscribe((e) => reached.push(idOf(e)));
      await a.publish(event(1));
      await settle(() => reached.length >= 1);
      expect(reached).to.deep.equal([1]);
      expect(heard, 'another install heard it').to.deep.equal([]);
    });

    it('stops delivering to a handler that unsubscribed', async () => {
      const [a, b] = [await bus(), await bus()];
      const got: number[] = [];
      const off = b.subscribe((e) => got.push(idOf(e)));
      await a.publish(event(1));
      await settle(() => got.length >= 1);
      off();
      await a.publish(event(2));
      await quietFor(200); // an event still delivered would come within a few ms
      expect(got).to.deep.equal([1]);
    });
  });

  describe('presence store', () => {
    it('adds up one person\'s connections over the nodes, each person and kind apart', async () => {
      const [n1, n2] = [node().store, node().store];
      expect(await n1.add('agent', 7)).to.equal(1);
      expect(await n2.add('agent', 7)).to.equal(2);
      expect(await n2.add('agent', 7)).to.equal(3);
      expect(await n1.add('visitor', 7), 'visitor 7 is not agent 7').to.equal(1);
      expect(await n1.count('agent', 8)).to.equal(0);
      expect(await n1.remove('agent', 7)).to.equal(2);
      expect(await n1.count('agent', 7)).to.equal(2);
      expect(await n2.remove('agent', 7)).to.equal(1);
      expect(await n2.remove('agent', 7)).to.equal(0);
      expect(await n2.remove('agent', 7), 'a stray remove never goes below zero').to.equal(0);
      expect(await n1.count('agent', 7)).to.equal(0);
      expect(await n2.count('visitor', 7)).to.equal(1);
      const other = node({ keyPrefix: `${prefix}other:` }).store;
      expect(await other.count('visitor', 7), 'another install shares the Redis').to.equal(0);
    });

    it('stops counting a crashed node within two heartbeat periods, and sweeps its counts away', async () => {
      const heartbeatMs = 200;
      const n1 = node({ heartbeatMs });
      const n2 = node({ heartbeatMs });
      await n1.store.add('visitor', 9);
      await n2.store.add('visitor', 9);
      await n2.store.add('agent', 3);
      expect(await n1.store.count('visitor', 9)).to.equal(2);
      // A crash: the node's Redis connection is gone and its heartbeat with it.
      n2.client.disconnect();
      const crashedAt = Date.now();
      await waitFor('the dead node to stop counting', async () => (await n1.store.count('visitor', 9)) !== 2, heartbeatMs * 2 + 300);
      const tookMs = Date.now() - crashedAt;
      expect(await n1.store.count('visitor', 9)).to.equal(1);
      expect(await n1.store.count('agent', 3)).to.equal(0);
      await waitForValue('the dead field swept', async () => Object.keys(await redis.hgetall(`${prefix}presence:visitor:9`)), [n1.store.nodeId], heartbeatMs * 4);
      expect(await redis.exists(`${prefix}presence:agent:3`)).to.equal(0);
      expect(await redis.smembers(`${prefix}presence:nodes`)).to.deep.equal([n1.store.nodeId]);
      console.log(`      (a crashed node stopped counting ${tookMs} ms after the crash; heartbeat ${heartbeatMs} ms)`);
    });

    it('writes a node\'s counts back when its heartbeat lapsed but the node lived on', async () => {
      const heartbeatMs = 200;
      const n1 = node({ heartbeatMs }).store;
      const n2 = node({ heartbeatMs }).store;
      await n2.add('agent', 5);
      await n2.add('agent', 5);
      expect(await n1.count('agent', 5)).to.equal(2);
      // As if node 2 had stalled past its TTL: its key is gone and node 1 sweeps its fields.
      await redis.del(`${prefix}presence:node:${n2.nodeId}`);
      expect(await n1.count('agent', 5)).to.equal(0);
      expect(await n2.count('agent', 5), 'a node always counts its own sockets').to.equal(2);
      await waitForValue('node 2\'s counts written back by its next heartbeat', () => n1.count('agent', 5), 2, heartbeatMs * 2 + 300);
      expect(await n2.remove('agent', 5)).to.equal(1);
      expect(await n1.count('agent', 5)).to.equal(1);
    });

    it('takes a node\'s counts out at once when it closes, and leaves no keys behind', async () => {
      const n1 = node().store;
      const n2 = node().store;
      await n1.add('visitor', 11);
      await n2.add('visitor', 11);
      await n2.add('agent', 12);
      await n2.close();
      expect(await n1.count('visitor', 11)).to.equal(1);
      expect(await n1.count('agent', 12)).to.equal(0);
      await n1.remove('visitor', 11);
      await n1.close();
      expect(await redis.keys(`${prefix}presence:*`)).to.deep.equal([]);
    });
  });
});
