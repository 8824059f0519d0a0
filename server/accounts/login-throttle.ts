// Failed logins are recorded per account and per IP, one inserted document each. After a few
// failures every further one doubles the wait (up to 15 minutes), and an account never takes more
// than 100 failures in an hour. Concurrent requests that all pass `check` before any failure is
// recorded are all counted afterwards, so a burst only delays the lock, it never escapes it.
import mongoose, { type Connection } from 'mongoose';
import { TooManyRequestsError } from '../errors.ts';
import { throttleModel } from './throttle.model.ts';

const { trusted } = mongoose;
const HOUR_MS = 3600_000;
export const ACCOUNT_HOURLY_LIMIT = 100;
const FREE_ACCOUNT_FAILURES = 5;
const FREE_IP_FAILURES = 30;
const MAX_BACKOFF_S = 15 * 60;

export interface Throttle {
  /** Throws TooManyRequestsError while the account or the IP must wait. */
  check(account: string, ip: string, now: Date): Promise<void>;
  fail(account: string, ip: string, now: Date): Promise<void>;
  succeed(account: string): Promise<void>;
}

export function loginThrottle(db: Connection): Throttle {
  const Failures = throttleModel(db);
  const accountKey = (login: string) => `acct:${login.trim().toLowerCase()}`;
  const ipKey = (ip: string) => `ip:${ip}`;

  /** When the key may try again, from its failures in the last hour; 0 when it may now. */
  async function lockedUntil(key: string, free: number, hourlyLimit: number | undefined, now: Date): Promise<number> {
    const recent = await Failures.find({ key, at: trusted({ $gt: new Date(now.getTime() - HOUR_MS) }) }, { at: 1 })
      .sort({ at: -1 })
      .limit(hourlyLimit ?? 200)
      .lean();
    if (recent.length <= free) return 0;
    const last = recent[0]!.at.getTime();
    let until = last + Math.min(2 ** (recent.length - free - 1), MAX_BACKOFF_S) * 1000;
    if (hourlyLimit !== undefined && recent.length >= hourlyLimit) until = Math.max(until, recent[hourlyLimit - 1]!.at.getTime() + HOUR_MS);
    return until;
  }

  return {
    async check(account, ip, now) {
      const until = Math.max(
        await lockedUntil(accountKey(account), FREE_ACCOUNT_FAILURES, ACCOUNT_HOURLY_LIMIT, now),
        await lockedUntil(ipKey(ip), FREE_IP_FAILURES, undefined, now),
      );
      if (until > now.getTime()) {
        const seconds = Math.ceil((until - now.getTime()) / 1000);
        throw new TooManyRequestsError('accounts.login.throttled', seconds, { seconds });
      }
    },
    async fail(account, ip, now) {
      await Failures.insertMany([{ key: accountKey(account), at: now }, { key: ipKey(ip), at: now }], { lean: true });
    },
    async succeed(account) {
      await Failures.deleteMany({ key: accountKey(account) });
    },
  };
}

/** Removes failures older than an hour; they no longer count toward any limit. */
export async function sweepLoginFailures(db: Connection, now: Date): Promise<void> {
  await throttleModel(db).deleteMany({ at: trusted({ $lt: new Date(now.getTime() - HOUR_MS) }) });
}
