// Failed logins are counted per account and per IP, each in one document updated atomically.
// After a few failures every further one doubles the wait (up to 15 minutes), and an account never
// takes more than 100 failures in an hour.
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
  const Throttles = throttleModel(db);
  const accountKey = (login: string) => `acct:${login.trim().toLowerCase()}`;
  const ipKey = (ip: string) => `ip:${ip}`;

  async function record(key: string, free: number, hourlyLimit: number | undefined, now: Date): Promise<void> {
    const doc = await Throttles.findOneAndUpdate(
      { key },
      { $inc: { failures: 1, hourFailures: 1 }, $set: { updatedAt: now }, $setOnInsert: { hourStart: now, lockedUntil: null } },
      { upsert: true, new: true, lean: true },
    );
    if (!doc) return;
    let hourFailures = doc.hourFailures;
    let hourStart = doc.hourStart;
    if (now.getTime() - doc.hourStart.getTime() >= HOUR_MS) {
      // a new hour: restart the hourly count, only if no other request restarted it first
      await Throttles.updateOne({ key, hourStart: doc.hourStart }, { $set: { hourStart: now, hourFailures: 1 } });
      hourFailures = 1;
      hourStart = now;
    }
    let waitS = doc.failures > free ? Math.min(2 ** (doc.failures - free - 1), MAX_BACKOFF_S) : 0;
    if (hourlyLimit !== undefined && hourFailures >= hourlyLimit) waitS = Math.max(waitS, Math.ceil((hourStart.getTime() + HOUR_MS - now.getTime()) / 1000));
    if (waitS > 0) await Throttles.updateOne({ key }, { $set: { lockedUntil: new Date(now.getTime() + waitS * 1000) } });
  }

  return {
    async check(account, ip, now) {
      const docs = await Throttles.find({ key: trusted({ $in: [accountKey(account), ipKey(ip)] }) }, { lockedUntil: 1 }).lean();
      const until = Math.max(0, ...docs.map((d) => d.lockedUntil?.getTime() ?? 0));
      if (until > now.getTime()) throw new TooManyRequestsError('accounts.login.throttled', Math.ceil((until - now.getTime()) / 1000), { seconds: Math.ceil((until - now.getTime()) / 1000) });
    },
    async fail(account, ip, now) {
      await record(accountKey(account), FREE_ACCOUNT_FAILURES, ACCOUNT_HOURLY_LIMIT, now);
      await record(ipKey(ip), FREE_IP_FAILURES, undefined, now);
    },
    async succeed(account) {
      await Throttles.deleteOne({ key: accountKey(account) });
    },
  };
}
