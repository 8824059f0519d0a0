// Failed logins are recorded per account and per IP, one inserted document each (throttle-log.ts).
// After a few failures every further one doubles the wait (up to 15 minutes), and an account never
// takes more than 100 failures in an hour. A sign-in claims its account's failure slot *before* the
// password is verified (`claim`), so of many parallel guesses at one account only as many are
// verified as the throttle allows; a success then forgets the account's failures.
import mongoose, { type Connection } from 'mongoose';
import { TooManyRequestsError } from '../errors.ts';
import { keyOf, throttleLog, WINDOW_MS, WINDOWS } from './throttle-log.ts';
import type { WindowCount } from '../db/event-log.ts';
import { throttleModel } from './throttle.model.ts';

export { WINDOW_MS };

const { trusted } = mongoose;
const HOUR_MS = 3600_000;
export const ACCOUNT_HOURLY_LIMIT = 100;
const FREE_ACCOUNT_FAILURES = 5;
const FREE_IP_FAILURES = 30;
const MAX_BACKOFF_S = 15 * 60;

export interface Throttle {
  /** Throws TooManyRequestsError while the account or the IP must wait. */
  check(account: string, ip: string, now: Date): Promise<void>;
  /** Checks, then counts this attempt as a failure of the account before its password is verified. */
  claim(account: string, ip: string, now: Date): Promise<void>;
  /** After a claim whose password was wrong: the IP's failure (the account's is counted already). */
  failClaimed(ip: string, now: Date): Promise<void>;
  fail(account: string, ip: string, now: Date): Promise<void>;
  succeed(account: string, now: Date): Promise<void>;
}

export function loginThrottle(db: Connection): Throttle {
  const log = throttleLog(db);
  const accountKey = (login: string) => keyOf('acct', login.trim().toLowerCase());
  const ipKey = (ip: string) => keyOf('ip', ip);

  /** When the key may try again; 0 when it may now. */
  async function lockedUntil(key: string, free: number, hourlyLimit: number | undefined, now: Date): Promise<number> {
    return lockedUntilAfter(key, await log.recentWindows(key, now), free, hourlyLimit);
  }

  /** The same, from the key's windows as just read. */
  async function lockedUntilAfter(key: string, windows: WindowCount[], free: number, hourlyLimit: number | undefined): Promise<number> {
    const total = windows.reduce((sum, w) => sum + w.count, 0);
    if (total <= free) return 0;
    const last = await log.kthMostRecent(key, windows, 1);
    let until = last + Math.min(2 ** (total - free - 1), MAX_BACKOFF_S) * 1000;
    if (hourlyLimit !== undefined && total >= hourlyLimit) until = Math.max(until, (await log.kthMostRecent(key, windows, hourlyLimit)) + HOUR_MS);
    return until;
  }

  function refuse(until: number, now: Date): void {
    if (until <= now.getTime()) return;
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    throw new TooManyRequestsError('accounts.login.throttled', seconds, { seconds });
  }

  return {
    async check(account, ip, now) {
      const [forAccount, forIp] = await Promise.all([lockedUntil(accountKey(account), FREE_ACCOUNT_FAILURES, ACCOUNT_HOURLY_LIMIT, now), lockedUntil(ipKey(ip), FREE_IP_FAILURES, undefined, now)]);
      refuse(Math.max(forAccount, forIp), now);
    },
    async claim(account, ip, now) {
      const key = accountKey(account);
      // the account's windows read once, for its count and its wait (they were read twice: 7 reads more a sign-in)
      const [windows, forIp] = await Promise.all([log.recentWindows(key, now), lockedUntil(ipKey(ip), FREE_IP_FAILURES, undefined, now)]);
      const before = windows.reduce((sum, w) => sum + w.count, 0);
      refuse(Math.max(await lockedUntilAfter(key, windows, FREE_ACCOUNT_FAILURES, ACCOUNT_HOURLY_LIMIT), forIp), now);
      // how many attempts may be verified now: the free ones left, or one once a wait is over
      const allowance = Math.max(FREE_ACCOUNT_FAILURES - before, 1);
      await log.record(key, now);
      // this attempt's place among the claims made since the check, racing ones included
      const place = (await log.total(key, now)) - before;
      if (place > allowance) refuse(now.getTime() + 1000 * Math.min(2 ** Math.max(before + place - FREE_ACCOUNT_FAILURES - 1, 0), MAX_BACKOFF_S), now);
    },
    async failClaimed(ip, now) {
      await log.record(ipKey(ip), now);
    },
    async fail(account, ip, now) {
      await Promise.all([log.record(accountKey(account), now), log.record(ipKey(ip), now)]);
    },
    /** Forgets the account's counted failures, newest first, so that an interrupted pass leaves the numbers dense. */
    async succeed(account, now) {
      await log.forget(accountKey(account), now);
    },
  };
}

/** Removes failures no check counts any more: those from before the oldest counted window. */
export async function sweepLoginFailures(db: Connection, now: Date): Promise<void> {
  await throttleModel(db).deleteMany({ at: trusted({ $lt: new Date(now.getTime() - WINDOWS * WINDOW_MS) }) });
}
