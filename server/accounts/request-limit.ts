// Limits how often a form that sends mail may be used: per IP and per target (an IIN or an email),
// over the last hour, as the sign-in throttle counts (throttle-log.ts: inserts by derived _id,
// counted by probing ids). Each use is recorded before it is counted, so a burst of parallel
// requests cannot all pass.
import type { Connection } from 'mongoose';
import { TooManyRequestsError } from '../errors.ts';
import { keyedBy, throttleLog, WINDOW_MS, WINDOWS } from './throttle-log.ts';

export interface RequestLimits {
  /** uses per hour from one IP */
  perIp: number;
  /** uses per hour for one target */
  perTarget: number;
}

/** `secret` keys the hashes the uses are counted under (db/event-log.ts keyedBy). */
export function requestLimit(db: Connection, form: string, limits: RequestLimits, secret: string) {
  const log = throttleLog(db);
  const keyOf = keyedBy(secret);
  const retryAfter = Math.ceil((WINDOWS * WINDOW_MS) / 1000);
  return {
    /**
     * Counts a use by this IP for these targets; throws TooManyRequestsError past the IP's limit.
     * Returns false (and the caller sends nothing, answering as usual) past a target's limit, so the
     * answer never tells whether a target exists.
     */
    async use(ip: string, targets: readonly string[], now: Date): Promise<boolean> {
      const ipKey = keyOf(`${form}:ip`, ip);
      await log.record(ipKey, now);
      if ((await log.total(ipKey, now)) > limits.perIp) throw new TooManyRequestsError('accounts.limits.tooMany', retryAfter, { minutes: Math.ceil(retryAfter / 60) });
      let within = true;
      for (const target of targets) {
        const key = keyOf(`${form}:target`, target.trim().toLowerCase());
        await log.record(key, now);
        if ((await log.total(key, now)) > limits.perTarget) within = false;
      }
      return within;
    },
  };
}
