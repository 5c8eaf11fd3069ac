import type { Redis } from 'ioredis';
import { newOwnerId, type Lease, type LeaseStore } from './leases.js';
import { systemClock, type Clock } from '../clock.js';

/** Only the owner may extend or end its lease: compare and act in one step. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A scheduled run's slot is remembered this long: far longer than any clock skew between nodes. */
const SLOT_MEMORY_MS = 24 * 60 * 60 * 1000;

/** Leases as Redis keys (SET NX PX): `<prefix>lock:<name>`, and `<prefix>lock:<name>:slot:<time>` per scheduled run. */
export function redisLeases(redis: Redis, keyPrefix: string, clock: Clock = systemClock): LeaseStore {
  const lockKey = (name: string) => `${keyPrefix}lock:${name}`;

  const leaseFor = (name: string, owner: string, leaseMs: number): Lease => ({
    name,
    owner,
    async renew() {
      return Number(await redis.eval(RENEW, 1, lockKey(name), owner, String(leaseMs))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, lockKey(name), owner);
    },
  });

  return {
    kind: 'redis',
    async acquire(name, { leaseMs, slot }) {
      const owner = newOwnerId();
      if ((await redis.set(lockKey(name), owner, 'PX', leaseMs, 'NX')) !== 'OK') return null;
      const lease = leaseFor(name, owner, leaseMs);
      if (slot && (await redis.set(`${lockKey(name)}:slot:${slot.toISOString()}`, owner, 'PX', SLOT_MEMORY_MS, 'NX')) !== 'OK') {
        await lease.release();
        return null;
      }
      return lease;
    },
    async holder(name) {
      const [owner, ttl] = await Promise.all([redis.get(lockKey(name)), redis.pttl(lockKey(name))]);
      return owner && ttl > 0 ? { owner, lockedUntil: new Date(clock.now() + ttl) } : null;
    },
  };
}
