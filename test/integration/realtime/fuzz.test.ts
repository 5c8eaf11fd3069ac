import { expect } from 'chai';
import type { Installed } from '../../helpers/install.js';
import { withServer, type Scene } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

/**
 * 10,000 fuzzed frames on a visitor's and an agent's socket: every frame that carries a string
 * `ref` gets exactly one reply with that ref, every other frame at most one error frame; no
 * `internal` error (a bad frame deserves a clear one), no crash, no prototype pollution
 * (`__proto__`, `constructor`, `prototype` keys anywhere), and the server then still carries a
 * normal chat. The generator is seeded: a failure prints its seed, and
 * LIVECHAT_FUZZ_SEED=<seed> replays it. One dialect: the frames never reach SQL unvalidated.
 */
const SEED = Number(process.env.LIVECHAT_FUZZ_SEED ?? 20261203);
const FRAMES_PER_SOCKET = 5_000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const TYPES = ['subscribe', 'unsubscribe', 'sync', 'message.send', 'typing', 'read', 'chat.start', 'chat.join', 'chat.leave', 'chat.transfer', 'chat.close', 'status.set', 'page.view'] as const;
const EVIL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

function fuzzer(rng: Rng, ids: { chats: number[]; agents: number[]; clientId: number }) {
  const text = (max = 40) => {
    const alphabet = 'ab\u00e9\u4e2d\u{1F600}\u0000\u202e"\\/<>{}[]:,. \n\t0123456789_-';
    const chars = [...alphabet];
    return Array.from({ length: rng.int(max) }, () => rng.pick(chars)).join('');
  };
  const numberish = () => rng.pick<unknown>([0, -1, 1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, NaN, '1', '0x10', null, true, [], {}, ...ids.chats]);
  const anything = (depth = 0): unknown => {
    const kind = rng.int(depth > 3 ? 5 : 8);
    if (kind === 0) return numberish();
    if (kind === 1) return text();
    if (kind === 2) return rng.chance(0.5);
    if (kind === 3) return null;
    if (kind === 4) return rng.pick(EVIL_KEYS);
    if (kind === 5) return Array.from({ length: rng.int(4) }, () => anything(depth + 1));
    return evilObject(depth + 1);
  };
  const evilObject = (depth = 0): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (let i = rng.int(4); i > 0; i--) own(o, rng.chance(0.5) ? rng.pick(EVIL_KEYS) : text(8), anything(depth));
    return o;
  };
  const chatId = () => (rng.chance(0.6) ? rng.pick(ids.chats) : numberish());
  const fieldsOf: Record<(typeof TYPES)[number], () => Record<string, unknown>> = {
    subscribe: () => ({ channel: rng.pick([`chat.${rng.pick(ids.chats)}`, `visitors.${ids.clientId}`, `visitors.${ids.clientId + 1}`, `agent.${rng.pick(ids.agents)}`, 'chat.__proto__', 'constructor', text()]) }),
    unsubscribe: () => ({ channel: rng.pick([`chat.${rng.pick(ids.chats)}`, '__proto__', text()]) }),
    sync: () => ({ chats: rng.chance(0.7) ? { [String(rng.pick(ids.chats))]: rng.int(5), ...(rng.chance(0.5) ? evilObject() : {}) } : anything() }),
    'message.send': () => ({ chatId: chatId(), clientMsgId: rng.chance(0.8) ? `fz-${rng.int(1e9)}` : anything(), body: rng.chance(0.8) ? text(200) : anything(), internal: rng.chance(0.2) ? anything() : rng.chance(0.2) }),
    typing: () => ({ chatId: chatId(), isTyping: rng.chance(0.8) ? rng.chance(0.5) : anything(), draft: rng.chance(0.5) ? text() : undefined }),
    read: () => ({ chatId: chatId(), seq: rng.chance(0.7) ? rng.int(10) : numberish() }),
    'chat.start': () => ({ message: rng.chance(0.5) ? text(100) : undefined, clientMsgId: rng.chance(0.5) ? `fz-${rng.int(1e9)}` : undefined, lead: rng.chance(0.3) ? { name: text(20), email: rng.pick(['a@example.test', text()]), phone: rng.pick(['+1 555 0100', text()]), ...evilObject() } : undefined }),
    'chat.join': () => ({ chatId: chatId() }),
    'chat.leave': () => ({ chatId: chatId() }),
    'chat.transfer': () => ({ chatId: chatId(), toAgentId: rng.chance(0.6) ? rng.pick(ids.agents) : numberish(), reason: rng.chance(0.5) ? text(60) : anything(), mode: rng.pick(['leave', 'stay', text(5)]) }),
    'chat.close': () => ({ chatId: chatId() }),
    'status.set': () => ({ status: rng.pick(['online', 'away', 'offline', 'busy', text(5)]) }),
    'page.view': () => ({ url: rng.pick(['https://example.test/pricing', 'javascript:alert(1)', text(100), 'x'.repeat(3000)]), title: rng.chance(0.5) ? text(60) : anything() }),
  };

  /** One frame as sent on the wire. */
  return (i: number): string | Buffer => {
    const roll = rng.next();
    if (roll < 0.01) return Buffer.from([0, 1, 2, rng.int(256)]);
    if (roll < 0.07) return rng.pick(['', '{', '}', 'null', '[]', '"frame"', '42', 'true', '{"type":', '[[[[[[[[[[]]]]]]]]]]', '{"__proto__":', text(), '\u0000']);
    if (roll < 0.15) {
      // JSON text written by hand, so "__proto__" arrives as a real key, as an attacker sends it.
      const type = JSON.stringify(rng.pick(TYPES));
      const ref = rng.chance(0.8) ? `,"ref":"r${i}"` : '';
      return rng.pick([
        `{"type":${type}${ref},"__proto__":{"polluted":"yes","isAdmin":true}}`,
        `{"type":"sync"${ref},"chats":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}`,
        `{"type":"chat.start"${ref},"lead":{"__proto__":{"polluted":1},"name":"Eve","email":"eve@example.test","phone":"+1 555 0100"}}`,
        `{"type":"subscribe"${ref},"channel":"chat.1","constructor":{"prototype":{"polluted":"yes"}}}`,
        `{"__proto__":{"type":"subscribe","ref":"r${i}"},"type":"typing","chatId":1,"isTyping":true}`,
        `{"type":${type}${ref},"prototype":{"polluted":1},"chatId":{"__proto__":{"valueOf":1}}}`,
      ]);
    }
    const type = rng.chance(0.95) ? rng.pick(TYPES) : anything();
    const frame: Record<string, unknown> = { type, ...fieldsOf[rng.pick(TYPES)](), ...(typeof type === 'string' && Object.hasOwn(fieldsOf, type) ? fieldsOf[type as (typeof TYPES)[number]]() : {}) };
    if (rng.chance(0.85)) frame.ref = `r${i}`;
    else if (rng.chance(0.3)) frame.ref = anything();
    if (rng.chance(0.15)) for (const [key, value] of Object.entries(evilObject())) own(frame, key, value);
    for (const key of Object.keys(frame)) if (rng.chance(0.05)) delete frame[key];
    return JSON.stringify(frame);
  };
}

/** An own property even for "__proto__" (plain assignment would set the prototype instead), so JSON.stringify writes it. */
function own(o: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** What a frame's sender may expect: the ref it carries (a non-empty string), or none. */
function refOf(raw: string | Buffer): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const data = JSON.parse(raw);
    return data && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, 'ref') && typeof data.ref === 'string' && data.ref !== '' ? data.ref : null;
  } catch {
    return null;
  }
}

describe('fuzzed frames', () => {
  let install: Installed;
  let server: Scene['server'];
  let widgetKey: string;
  let agentEmail: string;
  let clientId: number;
  let agentIds: number[];
  const sockets: TestSocket[] = [];

  const scene = withServer('sqlite', { chat: { visitorMessagesPerMinute: 1_000_000, visitorMessageBurst: 1_000_000, agentMessagesPerMinute: 1_000_000, widgetRequestsPerMinute: 1_000_000 } });
  before(async () => {
    ({ install, server } = scene);
    const { f } = scene;
    const client = await f.client({ domains: ['example.test'] });
    widgetKey = client.widget_key;
    clientId = client.id;
    const agent = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [client.id]);
    const other = await f.user('agent', { pseudo_name: 'Sam', status: 'online' }, [client.id]);
    agentEmail = agent.email;
    agentIds = [agent.id, other.id, 999_999];
  });
  after(() => sockets.forEach((s) => s.close()));

  it(`answers 10,000 fuzzed frames on visitor and agent sockets once each, without crash or prototype pollution (seed ${SEED})`, async function () {
    this.timeout(60_000);
    const seedNote = `replay with LIVECHAT_FUZZ_SEED=${SEED}`;
    const api = await signedIn(server.baseUrl, agentEmail, TEST_PASSWORD);
    const { socket: visitor } = await connectVisitor(server.baseUrl, widgetKey);
    const agent = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(visitor, agent);
    const started = await visitor.request({ type: 'chat.start', message: 'hello', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    expect((await agent.request({ type: 'chat.join', chatId: started.chat.id })).ok).to.equal(true);
    const ids = { chats: [started.chat.id, started.chat.id + 1, 999_999], agents: agentIds, clientId };

    const rng = prng(SEED);
    const generate = fuzzer(rng, ids);
    const runs = [visitor, agent].map(async (socket, s) => {
      const sent: (string | Buffer)[] = [];
      const before = socket.frames.length;
      for (let i = 0; i < FRAMES_PER_SOCKET; i++) {
        const raw = generate(s * FRAMES_PER_SOCKET + i);
        sent.push(raw);
        socket.ws.send(raw);
      }
      // Frames of a socket are handled in order: the answer to this one comes after all the others'.
      const done = await socket.request({ type: 'sync', chats: {} }, 50_000);
      expect(done.ok, `${seedNote}: ${JSON.stringify(done)}`).to.equal(true);
      return { sent, received: socket.frames.slice(before).filter((f) => f.ref !== done.ref) };
    });
    const results = await Promise.all(runs);

    for (const [s, { sent, received }] of results.entries()) {
      const who = s === 0 ? 'visitor' : 'agent';
      const expected = new Map<string, number>();
      let withoutRef = 0;
      for (const raw of sent) {
        const ref = refOf(raw);
        if (ref === null) withoutRef++;
        else expected.set(ref, (expected.get(ref) ?? 0) + 1);
      }
      const replies = new Map<string, number>();
      for (const f of received.filter((f) => f.type === 'reply')) replies.set(f.ref, (replies.get(f.ref) ?? 0) + 1);
      const missing = [...expected.keys()].filter((ref) => !replies.has(ref));
      const extra = [...replies.keys()].filter((ref) => !expected.has(ref));
      const twice = [...replies].filter(([ref, n]) => n !== expected.get(ref));
      const sample = (refs: string[]) => refs.slice(0, 3).map((ref) => String(sent[Number(ref.slice(1)) - s * FRAMES_PER_SOCKET]).slice(0, 300));
      expect(missing, `${who}: frames with a ref and no reply (${seedNote}): ${JSON.stringify(sample(missing))}`).to.deep.equal([]);
      expect(extra, `${who}: replies nobody asked for (${seedNote})`).to.deep.equal([]);
      expect(twice, `${who}: refs answered more than once (${seedNote})`).to.deep.equal([]);
      const errors = received.filter((f) => f.type === 'error');
      expect(errors.length, `${who}: error frames for frames without a ref (${seedNote})`).to.be.at.most(withoutRef);
      const internal = received.filter((f) => (f.type === 'reply' && f.ok === false && f.error?.code === 'internal') || (f.type === 'error' && f.error?.code === 'internal'));
      const internalRefs = internal.map((f) => f.ref).filter(Boolean);
      expect(internal.length, `${who}: internal errors (${seedNote}): ${JSON.stringify(sample(internalRefs))}`).to.equal(0);
      expect(received.filter((f) => !['reply', 'error', 'event'].includes(f.type)), `${who}: unknown frames`).to.deep.equal([]);
    }

    // Nothing leaked into the prototypes of this process (the server runs in it).
    expect(Object.keys(Object.prototype)).to.deep.equal([]);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
    expect(typeof ({} as Record<string, unknown>).toString).to.equal('function');
    expect(visitor.closed, 'the visitor socket is still open').to.equal(null);
    expect(agent.closed, 'the agent socket is still open').to.equal(null);

    // And the server still carries an ordinary chat, start to end, with new connections.
    const { socket: vera } = await connectVisitor(server.baseUrl, widgetKey, 'https://example.test');
    const alex = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(vera, alex);
    const chat = await vera.request({ type: 'chat.start', message: 'Is anyone there?', clientMsgId: newMsgId() });
    expect(chat.ok, JSON.stringify(chat)).to.equal(true);
    expect((await alex.request({ type: 'chat.join', chatId: chat.chat.id })).ok).to.equal(true);
    const ack = await alex.request({ type: 'message.send', chatId: chat.chat.id, clientMsgId: newMsgId(), body: 'Yes, how can I help?' });
    expect(ack.ok, JSON.stringify(ack)).to.equal(true);
    const seen = await vera.event('message.created', (e) => e.message.body === 'Yes, how can I help?');
    expect(seen.message.seq).to.equal(ack.seq);
  });
});
