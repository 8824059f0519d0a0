// Failed logins are recorded per account from one address, per account and per address, one
// inserted document each (throttle-log.ts). After a few failures of an account from one address,
// every further one from there doubles that address's wait for the account (up to 15 minutes);
// an account never takes more than 100 failures in an hour from all addresses together; and an
// address failing across many accounts is slowed down too. So someone guessing a teacher's
// password from their own address locks only themselves out: the teacher signs in from theirs
// (ASVS V6.3: anti-automation without a lockout anyone can cause). An account is the user, not
// the login typed: an IIN and an email of one teacher count together.
// A sign-in claims its failure slot *before* the password is verified (`claim`), so of many
// parallel guesses only as many are verified as the throttle allows; a success then forgets the
// failures of its account from its address.
import mongoose, { type Connection } from 'mongoose';
import { TooManyRequestsError } from '../errors.ts';
import { keyedBy, throttleLog, WINDOW_MS, WINDOWS } from './throttle-log.ts';
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
  /** Throws TooManyRequestsError while the account from this address, the account, or the address must wait. */
  check(account: string, ip: string, now: Date): Promise<void>;
  /** Checks, then counts this attempt as a failure of the account before its password is verified. */
  claim(account: string, ip: string, now: Date): Promise<void>;
  /** After a claim whose password was wrong: the address's failure (the account's are counted already). */
  failClaimed(ip: string, now: Date): Promise<void>;
  fail(account: string, ip: string, now: Date): Promise<void>;
  /** Forgets the account's failures from this address. */
  succeed(account: string, ip: string, now: Date): Promise<void>;
  /** Forgets the account's failures from every address: its owner proved themselves by mail (a reset). */
  clearAccount(account: string, now: Date): Promise<void>;
}

/**
 * The address a throttle counts: an IPv4 address as it is, an IPv6 address by its /64 network, which
 * one household or phone holds whole (counting each of its addresses would give a guesser endless
 * fresh ones).
 */
export function addressGroup(ip: string): string {
  const bare = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!bare.includes(':')) return bare;
  const [head = '', tail = ''] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = bare.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** `secret` keys the hashes failures are counted under (db/event-log.ts keyedBy). */
export function loginThrottle(db: Connection, secret: string): Throttle {
  const log = throttleLog(db);
  const keyOf = keyedBy(secret);
  const accountKey = (account: string) => keyOf('acct', account.trim().toLowerCase());
  const pairKey = (account: string, ip: string) => keyOf('acct', `${account.trim().toLowerCase()}\n${addressGroup(ip)}`);
  const ipKey = (ip: string) => keyOf('ip', addressGroup(ip));

  /** When the key may try again; 0 when it may now. */
  async function lockedUntil(key: string, free: number, now: Date): Promise<number> {
    return lockedUntilAfter(key, await log.recentWindows(key, now), free);
  }

  /** The same, from the key's windows as just read: a few free failures, then a doubling wait. */
  async function lockedUntilAfter(key: string, windows: WindowCount[], free: number): Promise<number> {
    const total = windows.reduce((sum, w) => sum + w.count, 0);
    if (total <= free) return 0;
    const last = await log.kthMostRecent(key, windows, 1);
    return last + Math.min(2 ** (total - free - 1), MAX_BACKOFF_S) * 1000;
  }

  /** When an account that took its hundred failures in the last hour may take one more; 0 when it may now. */
  async function cappedUntil(key: string, windows: WindowCount[]): Promise<number> {
    const total = windows.reduce((sum, w) => sum + w.count, 0);
    return total >= ACCOUNT_HOURLY_LIMIT ? (await log.kthMostRecent(key, windows, ACCOUNT_HOURLY_LIMIT)) + HOUR_MS : 0;
  }

  function refuse(until: number, now: Date): void {
    if (until <= now.getTime()) return;
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    // a wait of minutes is said in minutes; both ways say how the owner signs in at once (a reset)
    if (seconds >= 120) throw new TooManyRequestsError('accounts.login.throttledMinutes', seconds, { minutes: Math.ceil(seconds / 60) });
    throw new TooManyRequestsError('accounts.login.throttled', seconds, { seconds });
  }

  /** The account from this address, the account, the address: their windows read once, and the wait of the three. */
  async function waitFor(account: string, ip: string, now: Date) {
    const pair = pairKey(account, ip);
    const whole = accountKey(account);
    const [pairWindows, accountWindows, forIp] = await Promise.all([log.recentWindows(pair, now), log.recentWindows(whole, now), lockedUntil(ipKey(ip), FREE_IP_FAILURES, now)]);
    const until = Math.max(await lockedUntilAfter(pair, pairWindows, FREE_ACCOUNT_FAILURES), await cappedUntil(whole, accountWindows), forIp);
    return { pair, whole, pairWindows, until };
  }

  return {
    async check(account, ip, now) {
      refuse((await waitFor(account, ip, now)).until, now);
    },
    async claim(account, ip, now) {
      const { pair, whole, pairWindows, until } = await waitFor(account, ip, now);
      refuse(until, now);
      const before = pairWindows.reduce((sum, w) => sum + w.count, 0);
      // how many attempts may be verified now: the free ones left, or one once a wait is over
      const allowance = Math.max(FREE_ACCOUNT_FAILURES - before, 1);
      await Promise.all([log.record(pair, now), log.record(whole, now)]);
      // this attempt's place among the claims made since the check, racing ones included
      const place = (await log.total(pair, now)) - before;
      if (place > allowance) refuse(now.getTime() + 1000 * Math.min(2 ** Math.max(before + place - FREE_ACCOUNT_FAILURES - 1, 0), MAX_BACKOFF_S), now);
    },
    async failClaimed(ip, now) {
      await log.record(ipKey(ip), now);
    },
    async fail(account, ip, now) {
      await Promise.all([log.record(pairKey(account, ip), now), log.record(accountKey(account), now), log.record(ipKey(ip), now)]);
    },
    /** Forgets the account's counted failures from this address, newest first, so that an interrupted pass leaves the numbers dense. */
    async succeed(account, ip, now) {
      await log.forget(pairKey(account, ip), now);
    },
    async clearAccount(account, now) {
      await log.forget(accountKey(account), now);
    },
  };
}

/** Removes failures no check counts any more: those from before the oldest counted window. */
export async function sweepLoginFailures(db: Connection, now: Date): Promise<void> {
  await throttleModel(db).deleteMany({ at: trusted({ $lt: new Date(now.getTime() - WINDOWS * WINDOW_MS) }) });
}
