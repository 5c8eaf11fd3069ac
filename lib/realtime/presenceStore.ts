/**
 * How many live connections a person has, cluster-wide. In memory for one node; a Redis store
 * (same interface) counts across nodes.
 */
export interface PresenceStore {
  /** Returns the count after the change. */
  add(kind: 'agent' | 'visitor', id: number): Promise<number>;
  remove(kind: 'agent' | 'visitor', id: number): Promise<number>;
  count(kind: 'agent' | 'visitor', id: number): Promise<number>;
  close(): Promise<void>;
}

export function createMemoryPresenceStore(): PresenceStore {
  const counts = new Map<string, number>();
  const key = (kind: string, id: number) => `${kind}:${id}`;
  return {
    async add(kind, id) {
      const n = (counts.get(key(kind, id)) ?? 0) + 1;
      counts.set(key(kind, id), n);
      return n;
    },
    async remove(kind, id) {
      const n = Math.max(0, (counts.get(key(kind, id)) ?? 0) - 1);
      if (n === 0) counts.delete(key(kind, id));
      else counts.set(key(kind, id), n);
      return n;
    },
    async count(kind, id) {
      return counts.get(key(kind, id)) ?? 0;
    },
    async close() {
      counts.clear();
    },
  };
}
