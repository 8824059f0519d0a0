// Unknown verification codes are limited per IP: someone trying codes in bulk is slowed down, while
// anyone verifying real certificates is never counted. As with failed logins
// (accounts/login-throttle.ts), each miss is one inserted document `<ip hash>|<window>|<n>`,
// numbers claimed in order within a ten-minute window, and a check counts them by probing ids:
// every read is by `_id`, nothing is ever `$inc`-ed (db/event-log.ts). The IP is hashed with a
// server secret (keyedBy), never stored.
// Most visitors never miss: a marker `<ip hash>|recent|<window>`, inserted with each miss for its
// window and the next, tells a check whether there is anything to count, in one read.
import mongoose, { type Connection, type Model } from 'mongoose';
import { TooManyRequestsError } from '../errors.ts';
import { insertOnce } from '../db/claim.ts';
import { documentById } from '../db/connection.ts';
import { eventLog, keyedBy, WINDOW_MS, type EventDoc } from '../db/event-log.ts';
import { certificateModel } from './certificate.model.ts';

export const MISS_WINDOW_MS = WINDOW_MS;
/** unknown or malformed codes one IP may ask for in the current and the previous window */
export const MISSES_ALLOWED = 20;

/** exists while the IP has a miss in this window or the one before */
const recentId = (key: string, window: number) => `${key}|recent|${window}`;

/** `secret` keys the hashes misses are counted under (db/event-log.ts keyedBy). */
export function verifyThrottle(db: Connection, secret: string) {
  const keyOf = keyedBy(secret);
  const hashOf = (ip: string) => keyOf('verify', ip);
  const Misses = certificateModel(db, 'CertificateMiss');
  const log = eventLog(Misses as unknown as Model<EventDoc>);
  const countIn = (key: string, window: number) => log.countIn(key, window);
  const byId = documentById<EventDoc>(db, Misses.collection.collectionName);

  return {
    /** Throws TooManyRequestsError while the IP has asked for too many unknown codes. */
    async check(ip: string, now: Date): Promise<void> {
      const key = hashOf(ip);
      const window = Math.floor(now.getTime() / MISS_WINDOW_MS);
      if (!(await byId(recentId(key, window), { _id: 1 }))) return;
      const [current, previous] = await Promise.all([countIn(key, window), countIn(key, window - 1)]);
      if (current + previous >= MISSES_ALLOWED) {
        // at the next window's start the previous window's misses stop counting: enough then, unless
        // this window alone holds the limit, which stops counting a window later
        const seconds = Math.ceil(((window + 1) * MISS_WINDOW_MS - now.getTime()) / 1000) + (current >= MISSES_ALLOWED ? MISS_WINDOW_MS / 1000 : 0);
        throw new TooManyRequestsError('certificates.verify.throttled', seconds, { minutes: Math.ceil(seconds / 60) });
      }
    },
    /**
     * Records one unknown code for the IP: the window's next number, or the one after if a racer took
     * it. The markers go first, so a miss is never stored where a check would not look for it.
     */
    async miss(ip: string, now: Date): Promise<void> {
      const key = hashOf(ip);
      const window = Math.floor(now.getTime() / MISS_WINDOW_MS);
      await Promise.all([window, window + 1].map((w) => insertOnce(Misses, { _id: recentId(key, w), window: w, at: now })));
      await log.record(key, now);
    },
    /** Deletes misses no check counts any more, and their markers (a marker is as old as its first miss). */
    async sweep(now: Date): Promise<void> {
      await Misses.deleteMany({ at: mongoose.trusted({ $lt: new Date(now.getTime() - 2 * MISS_WINDOW_MS) }) });
    },
  };
}

export type VerifyThrottle = ReturnType<typeof verifyThrottle>;
