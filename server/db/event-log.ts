// Events counted per key in ten-minute windows, for throttles (failed sign-ins, mail forms, unknown
// certificate codes). Every read is by _id: FerretDB 1.x filters anything else by decoding the whole
// collection, and such a collection is what an attack makes large. Each event is a document with
// the id `<key hash>|<window>|<n>` claimed by insert (only one request can take each n, and n are
// taken in order, so they are dense from 0); a window's count is found by probing ids. Keys are
// hashed with a server secret (HMAC, keyedBy): no IIN, email or address is stored, nor a plain
// hash of one, which anyone holding the collection could reverse by hashing every IPv4 address
// or every IIN of a birth date.
import { createHmac } from 'node:crypto';
import type { Model } from 'mongoose';
import { isDuplicateKey } from './claim.ts';
import { documentById } from './connection.ts';

export const WINDOW_MS = 10 * 60_000;
/** Windows counted: the current one and six before it, so at least the last hour (at most 70 min). */
export const WINDOWS = 7;

/** A counted key (`kind` and its value: an address, an account, an email) as it is stored. */
export type KeyOf = (kind: string, value: string) => string;

/**
 * Keys hashed with HMAC-SHA-256 under a key derived from `secret` (SESSION_SECRET, which every
 * server of a site shares, so all count under the same keys). A new secret starts the counts over.
 */
export function keyedBy(secret: string): KeyOf {
  const key = createHmac('sha256', secret).update('qorgau event-log keys').digest();
  return (kind, value) => createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url').slice(0, 32);
}
export const windowOf = (t: number) => Math.floor(t / WINDOW_MS);
const idOf = (key: string, window: number, n: number) => `${key}|${window}|${n}`;

export interface WindowCount {
  window: number;
  count: number;
}

export interface EventDoc {
  _id: string;
  window: number;
  at: Date;
}

/** The counted events of one collection. */
export function eventLog(Events: Model<EventDoc>) {
  const byId = documentById<EventDoc>(Events.db, Events.collection.collectionName);
  const exists = async (id: string) => (await byId(id, { _id: 1 })) !== null;
  const atOf = async (id: string) => (await byId(id, { at: 1 }))?.at.getTime() ?? 0;

  /** How many events a window holds: ids are dense from 0, so gallop up, then bisect. */
  async function countIn(key: string, window: number): Promise<number> {
    if (!(await exists(idOf(key, window, 0)))) return 0;
    let low = 0;
    let high = 1;
    while (await exists(idOf(key, window, high))) [low, high] = [high, high * 2];
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (await exists(idOf(key, window, mid))) low = mid;
      else high = mid;
    }
    return low + 1;
  }

  /** The counted windows, newest first, with their counts. */
  async function recentWindows(key: string, now: Date): Promise<WindowCount[]> {
    const newest = windowOf(now.getTime());
    return Promise.all(Array.from({ length: WINDOWS }, (_, i) => newest - i).map(async (window) => ({ window, count: await countIn(key, window) })));
  }

  return {
    countIn,
    recentWindows,
    /** The time of the k-th most recent counted event (k from 1). */
    async kthMostRecent(key: string, windows: readonly WindowCount[], k: number): Promise<number> {
      let left = k;
      for (const { window, count } of windows) {
        if (left <= count) return atOf(idOf(key, window, count - left));
        left -= count;
      }
      return 0;
    },
    /** Records one event: claims the window's next number, or the one after if a racing request took it. Returns its id. */
    async record(key: string, now: Date): Promise<string> {
      const window = windowOf(now.getTime());
      for (let n = await countIn(key, window); ; n += 1) {
        try {
          await Events.create({ _id: idOf(key, window, n), window, at: now });
          return idOf(key, window, n);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    },
    /** Forgets a key's counted events, newest first, so that an interrupted pass leaves the numbers dense. */
    async forget(key: string, now: Date): Promise<void> {
      for (const { window, count } of await recentWindows(key, now)) {
        for (let n = count - 1; n >= 0; n -= 1) await Events.deleteOne({ _id: idOf(key, window, n) });
      }
    },
    /** Total events of a key in the counted windows. */
    async total(key: string, now: Date): Promise<number> {
      return (await recentWindows(key, now)).reduce((sum, w) => sum + w.count, 0);
    },
  };
}

export type EventLog = ReturnType<typeof eventLog>;
