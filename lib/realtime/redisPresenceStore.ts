import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PresenceStore } from './presenceStore.js';

const HEARTBEAT_MS = 10_000;
const NODE_TTL_MS = 25_000;

/**
 * Connection counts across nodes: one Redis hash per person with a field per node. Each node
 * keeps a heartbeat key alive; a node that died stops counting once its heartbeat expires, so a
 * crashed node does not keep its agents "online" for ever.
 */
export function createRedisPresenceStore(redis: Redis, prefix = 'lc:'): PresenceStore {
  const nodeId = crypto.randomUUID();
  const nodeKey = (id: string) => `${prefix}node:${id}`;
  const personKey = (kind: string, id: number) => `${prefix}presence:${kind}:${id}`;
  const beat = () => redis.set(nodeKey(nodeId), '1', 'PX', NODE_TTL_MS).catch(() => undefined);
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();

  const count = async (kind: 'agent' | 'visitor', id: number) => {
    const fields = await redis.hgetall(personKey(kind, id));
    const nodes = Object.keys(fields);
    if (nodes.length === 0) return 0;
    const alive = await redis.mget(...nodes.map(nodeKey));
    let total = 0;
    const dead: string[] = [];
    nodes.forEach((node, i) => {
      if (alive[i]) total += Math.max(0, Number(fields[node]));
      else dead.push(node);
    });
    if (dead.length) await redis.hdel(personKey(kind, id), ...dead);
    return total;
  };

  return {
    async add(kind, id) {
      await redis.hincrby(personKey(kind, id), nodeId, 1);
      return count(kind, id);
    },
    async remove(kind, id) {
      const left = await redis.hincrby(personKey(kind, id), nodeId, -1);
      if (left <= 0) await redis.hdel(personKey(kind, id), nodeId);
      return count(kind, id);
    },
    count,
    async close() {
      clearInterval(timer);
      await redis.del(nodeKey(nodeId)).catch(() => undefined);
    },
  };
}
