// Failed logins are recorded per account and per IP, one inserted document each. After a few
// failures every further one doubles the wait (up to 15 minutes), and an account never takes more
// than 100 failures in an hour. Concurrent requests that all pass `check` before any failure is
// recorded are all counted afterwards, so a burst only delays the lock, it never escapes it.
//
// Every read is by _id. FerretDB 1.x filters anything else by decoding the whole collection, and
// this collection is what an attack makes large: a check that scanned it would turn each refused
// attempt into work for the database. So failures are numbered within ten-minute windows, with
// ids `<key hash>|<window>|<n>` claimed by insert (only one request can take each n, and n are
// taken in order, so they are dense from 0); a check finds each window's count by probing ids.
// The key is hashed: no IIN or email is stored here.
import { createHash } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { TooManyRequestsError } from '../errors.ts';
import { throttleModel } from './throttle.model.ts';

const { trusted } = mongoose;
const HOUR_MS = 3600_000;
export const WINDOW_MS = 10 * 60_000;
/** Windows counted: the current one and six before it, so at least the last hour (at most 70 min). */
const WINDOWS = 7;
export const ACCOUNT_HOURLY_LIMIT = 100;
const FREE_ACCOUNT_FAILURES = 5;
const FREE_IP_FAILURES = 30;
const MAX_BACKOFF_S = 15 * 60;

export interface Throttle {
  /** Throws TooManyRequestsError while the account or the IP must wait. */
  check(account: string, ip: string, now: Date): Promise<void>;
  fail(account: string, ip: string, now: Date): Promise<void>;
  succeed(account: string, now: Date): Promise<void>;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);
const windowOf = (t: number) => Math.floor(t / WINDOW_MS);
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

export function loginThrottle(db: Connection): Throttle {
  const Failures = throttleModel(db);
  const accountKey = (login: string) => hashOf(`acct:${login.trim().toLowerCase()}`);
  const ipKey = (ip: string) => hashOf(`ip:${ip}`);
  const idOf = (key: string, window: number, n: number) => `${key}|${window}|${n}`;
  const exists = async (id: string) => (await Failures.exists({ _id: id })) !== null;
  const atOf = async (id: string) => (await Failures.findById(id, { at: 1 }).lean())?.at.getTime() ?? 0;

  /** How many failures a window holds: ids are dense from 0, so gallop up, then bisect. */
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

  /** The counted windows, newest first, with their failure counts. */
  async function recentWindows(key: string, now: Date): Promise<{ window: number; count: number }[]> {
    const newest = windowOf(now.getTime());
    const windows = Array.from({ length: WINDOWS }, (_, i) => newest - i);
    return Promise.all(windows.map(async (window) => ({ window, count: await countIn(key, window) })));
  }

  /** The time of the k-th most recent counted failure (k from 1). */
  async function kthMostRecent(key: string, windows: { window: number; count: number }[], k: number): Promise<number> {
    let left = k;
    for (const { window, count } of windows) {
      if (left <= count) return atOf(idOf(key, window, count - left));
      left -= count;
    }
    return 0;
  }

  /** When the key may try again; 0 when it may now. */
  async function lockedUntil(key: string, free: number, hourlyLimit: number | undefined, now: Date): Promise<number> {
    const windows = await recentWindows(key, now);
    const total = windows.reduce((sum, w) => sum + w.count, 0);
    if (total <= free) return 0;
    const last = await kthMostRecent(key, windows, 1);
    let until = last + Math.min(2 ** (total - free - 1), MAX_BACKOFF_S) * 1000;
    if (hourlyLimit !== undefined && total >= hourlyLimit) until = Math.max(until, (await kthMostRecent(key, windows, hourlyLimit)) + HOUR_MS);
    return until;
  }

  /** Records one failure: claims the window's next number, or the one after if a racing request took it. */
  async function record(key: string, now: Date): Promise<void> {
    const window = windowOf(now.getTime());
    for (let n = await countIn(key, window); ; n += 1) {
      try {
        await Failures.create({ _id: idOf(key, window, n), window, at: now });
        return;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
      }
    }
  }

  return {
    async check(account, ip, now) {
      const [forAccount, forIp] = await Promise.all([lockedUntil(accountKey(account), FREE_ACCOUNT_FAILURES, ACCOUNT_HOURLY_LIMIT, now), lockedUntil(ipKey(ip), FREE_IP_FAILURES, undefined, now)]);
      const until = Math.max(forAccount, forIp);
      if (until > now.getTime()) {
        const seconds = Math.ceil((until - now.getTime()) / 1000);
        throw new TooManyRequestsError('accounts.login.throttled', seconds, { seconds });
      }
    },
    async fail(account, ip, now) {
      await Promise.all([record(accountKey(account), now), record(ipKey(ip), now)]);
    },
    /** Forgets the account's counted failures, newest first, so that an interrupted pass leaves the numbers dense. */
    async succeed(account, now) {
      const key = accountKey(account);
      for (const { window, count } of await recentWindows(key, now)) {
        for (let n = count - 1; n >= 0; n -= 1) await Failures.deleteOne({ _id: idOf(key, window, n) });
      }
    },
  };
}

/** Removes failures no check counts any more: those from before the oldest counted window. */
export async function sweepLoginFailures(db: Connection, now: Date): Promise<void> {
  await throttleModel(db).deleteMany({ at: trusted({ $lt: new Date(now.getTime() - WINDOWS * WINDOW_MS) }) });
}
