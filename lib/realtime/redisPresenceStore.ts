import crypto from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { PresenceStore } from './presenceStore.js';

type Kind = 'agent' | 'visitor';

/** A dead node's connections stop counting about two of these after its last heartbeat. */
export const DEFAULT_HEARTBEAT_MS = 5000;

interface RedisPresenceOptions {
  /** Prefix of every key (config `redis.keyPrefix`). */
  keyPrefix?: string;
  /** How often this node says it is alive; its counts stop counting about two periods after it stops. */
  heartbeatMs?: number;
  /** A failed heartbeat or sweep (Redis away): reported, retried at the next beat. */
  onError?: (err: unknown) => void;
}

/*
 * Keys, all under the prefix:
 *   presence:{kind}:{id}         hash: node id -> that node's connection count for this person
 *   presence:node:{node}         this node is alive (string with a TTL of two heartbeat periods)
 *   presence:node:{node}:people  set of "{kind}:{id}" this node has a field for (what to sweep)
 *   presence:nodes               set of node ids that may have fields
 * A total counts a field only while its node's alive key exists, so a crashed node stops
 * counting when its key expires; any live node then sweeps the dead node's fields away.
 * The scripts touch keys they compute (alive keys, a dead node's people): standalone Redis or
 * Sentinel, not Redis Cluster.
 */

/** Sum of the live nodes' counts, with this node's own count given from memory. */
const TOTAL = `
local function total(personKey, self, own, nodePrefix)
  local h = redis.call('HGETALL', personKey)
  local sum = tonumber(own)
  for i = 1, #h, 2 do
    if h[i] ~= self and redis.call('EXISTS', nodePrefix .. h[i]) == 1 then sum = sum + tonumber(h[i + 1]) end
  end
  return sum
end
`;

/** KEYS: person hash, own people set, nodes set. ARGV: node id, own count, member, node key prefix. */
const SET_COUNT = `${TOTAL}
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[1])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[3])
end
return total(KEYS[1], ARGV[1], ARGV[2], ARGV[4])
`;

/** KEYS: person hash. ARGV: node id, own count, node key prefix. */
const COUNT = `${TOTAL}
return total(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
`;

/** KEYS: own alive key, nodes set. ARGV: node id, ttl ms. Returns 1 if the key was still alive. */
const HEARTBEAT = `
local alive = redis.call('PEXPIRE', KEYS[1], ARGV[2])
if alive == 0 then redis.call('SET', KEYS[1], '1', 'PX', ARGV[2]) end
redis.call('SADD', KEYS[2], ARGV[1])
return alive
`;

/** KEYS: nodes set. ARGV: node key prefix, person key prefix. Removes dead nodes' fields. */
const SWEEP = `
local swept = 0
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. node) == 0 then
    local people = ARGV[1] .. node .. ':people'
    for _, person in ipairs(redis.call('SMEMBERS', people)) do redis.call('HDEL', ARGV[2] .. person, node) end
    redis.call('DEL', people)
    redis.call('SREM', KEYS[1], node)
    swept = swept + 1
  end
end
return swept
`;

/** KEYS: own alive key, own people set, nodes set. ARGV: node id, person key prefix. A clean exit. */
const LEAVE = `
for _, person in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('HDEL', ARGV[2] .. person, ARGV[1]) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
`;

/*
 * The scripts defined below (defineCommand), typed on ioredis' own command interface by
 * declaration merging, the way ioredis documents custom commands: `redis.lcPresenceSet(...)`
 * type-checks like a built-in command, in a pipeline too.
 */
declare module 'ioredis' {
  interface RedisCommander<Context> {
    lcPresenceSet(person: string, people: string, nodes: string, node: string, own: number, member: string, nodePrefix: string): Result<number, Context>;
    lcPresenceCount(person: string, node: string, own: number, nodePrefix: string): Result<number, Context>;
    lcPresenceBeat(alive: string, nodes: string, node: string, ttlMs: number): Result<number, Context>;
    lcPresenceSweep(nodes: string, nodePrefix: string, personPrefix: string): Result<number, Context>;
    lcPresenceLeave(alive: string, people: string, nodes: string, node: string, personPrefix: string): Result<number, Context>;
  }
}

/**
 * Connection counts across nodes. This node's own counts live in memory (the truth for its
 * sockets) and are mirrored into one Redis hash per person; a total is this node's count plus
 * the counts of nodes whose heartbeat is alive. A node paused long enough to be swept as dead
 * writes its counts back at its next heartbeat.
 */
export function createRedisPresenceStore(redis: Redis, options: RedisPresenceOptions = {}): PresenceStore & { readonly nodeId: string } {
  const prefix = options.keyPrefix ?? 'lc:';
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const onError = options.onError ?? (() => {});
  const nodeId = crypto.randomUUID();
  const nodePrefix = `${prefix}presence:node:`;
  const personPrefix = `${prefix}presence:`;
  const aliveKey = `${nodePrefix}${nodeId}`;
  const peopleKey = `${aliveKey}:people`;
  const nodesKey = `${prefix}presence:nodes`;
  const local = new Map<string, number>();

  redis.defineCommand('lcPresenceSet', { numberOfKeys: 3, lua: SET_COUNT });
  redis.defineCommand('lcPresenceCount', { numberOfKeys: 1, lua: COUNT, readOnly: true });
  redis.defineCommand('lcPresenceBeat', { numberOfKeys: 2, lua: HEARTBEAT });
  redis.defineCommand('lcPresenceSweep', { numberOfKeys: 1, lua: SWEEP });
  redis.defineCommand('lcPresenceLeave', { numberOfKeys: 3, lua: LEAVE });

  const member = (kind: Kind, id: number) => `${kind}:${id}`;
  const write = (kind: Kind, id: number, own: number) =>
    redis.lcPresenceSet(`${personPrefix}${member(kind, id)}`, peopleKey, nodesKey, nodeId, own, member(kind, id), nodePrefix).then(Number);

  const beat = async () => {
    const wasAlive = await redis.lcPresenceBeat(aliveKey, nodesKey, nodeId, heartbeatMs * 2);
    // Our key had expired (a long pause, or Redis lost it): others may have swept our fields.
    if (!wasAlive && local.size > 0) {
      const pipeline = redis.pipeline();
      for (const [m, n] of local) pipeline.hset(`${personPrefix}${m}`, nodeId, n).sadd(peopleKey, m);
      await pipeline.exec();
    }
    await redis.lcPresenceSweep(nodesKey, nodePrefix, personPrefix);
  };
  // The first beat is queued before any count on this connection, so it lands first.
  let beating: Promise<void> = beat().catch(onError);
  const timer = setInterval(() => {
    beating = beating.then(beat).catch(onError);
  }, heartbeatMs);
  timer.unref();

  const change = (kind: Kind, id: number, by: number) => {
    const n = Math.max(0, (local.get(member(kind, id)) ?? 0) + by);
    if (n === 0) local.delete(member(kind, id));
    else local.set(member(kind, id), n);
    return write(kind, id, n);
  };

  return {
    nodeId,
    add: (kind, id) => change(kind, id, 1),
    remove: (kind, id) => change(kind, id, -1),
    count: (kind, id) => redis.lcPresenceCount(`${personPrefix}${member(kind, id)}`, nodeId, local.get(member(kind, id)) ?? 0, nodePrefix).then(Number),
    async close() {
      clearInterval(timer);
      await beating;
      local.clear();
      // The client belongs to the caller: leave it open, only take this node's counts out.
      await redis.lcPresenceLeave(aliveKey, peopleKey, nodesKey, nodeId, personPrefix).catch(onError);
    },
  };
}
