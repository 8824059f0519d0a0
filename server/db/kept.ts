// Reads kept in memory by this process, for what does not change (a version's content) or may be
// shown a little late (a count, a last sign-in), and state kept once per connection.
import { LRUCache } from 'lru-cache';
import type { Connection } from 'mongoose';

/**
 * Reads kept by key, `max` of them, each for `ttl` ms if given: a read asked for while it is kept,
 * or in flight, is not made again. A failed or empty (null) read is not kept.
 */
export function keptReads<T>(options: { max: number; ttl?: number }): (key: string, load: () => PromiseLike<T>) => Promise<T> {
  const kept = new LRUCache<string, Promise<T>>({ max: options.max, ...(options.ttl ? { ttl: options.ttl } : {}) });
  return (key, load) => {
    let value = kept.get(key);
    if (!value) {
      value = Promise.resolve(load()); // a Mongoose query runs again on every `then`: one promise
      kept.set(key, value);
      const drop = () => {
        if (kept.get(key) === value) kept.delete(key);
      };
      value.then((v) => (v === null ? drop() : undefined), drop);
    }
    return value;
  };
}

/** One `make(db)` per connection in this process: every app and repository on it shares it. */
export function perConnection<T>(make: (db: Connection) => T): (db: Connection) => T {
  const made = new WeakMap<Connection, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
