// The verification throttle counts an address's unknown codes over the current ten-minute window
// and the one before; a visitor who never missed is checked with a single read (its marker).
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { MISS_WINDOW_MS, MISSES_ALLOWED, verifyThrottle } from '../../../server/certificates/verify-throttle.ts';
import { keyedBy } from '../../../server/db/event-log.ts';
import { TooManyRequestsError } from '../../../server/errors.ts';
import { testDatabase } from '../../helpers/database.ts';


/** keys the hashes counted under, as SESSION_SECRET does in the app */
const SECRET = 'throttle-test-secret-0123456789abcdef';
describe('the verification throttle', () => {
  let db: Connection;
  before(async () => {
    db = await testDatabase();
  });

  // a window of its own for each test: far from the wall clock and from each other
  let windowStart = Date.parse('2031-03-01T08:00:00Z');
  beforeEach(() => {
    windowStart += 10 * MISS_WINDOW_MS;
  });
  const at = (windows: number, minutes = 0) => new Date(windowStart + windows * MISS_WINDOW_MS + minutes * 60_000);
  const refused = async (check: Promise<void>) => {
    const err = await check.then(() => null, (e: unknown) => e);
    expect(err, 'refused').to.be.instanceOf(TooManyRequestsError);
    return err as TooManyRequestsError;
  };
  const missTimes = async (throttle: ReturnType<typeof verifyThrottle>, ip: string, n: number, when: Date) => {
    for (let i = 0; i < n; i++) await throttle.miss(ip, when);
  };

  it('refuses an address after its allowance of misses, counting the window before too, and lets it in two windows on', async () => {
    const throttle = verifyThrottle(db, SECRET);
    const ip = '198.51.100.10';
    await throttle.check(ip, at(0, 1));
    await missTimes(throttle, ip, MISSES_ALLOWED - 1, at(0, 2));
    await throttle.check(ip, at(0, 3));
    await throttle.miss(ip, at(0, 4));
    // all the misses are in this window: they count through the next one, so the wait runs to its end
    const windowS = MISS_WINDOW_MS / 1000;
    expect((await refused(throttle.check(ip, at(0, 5)))).retryAfterSeconds).to.equal(2 * windowS - 5 * 60);
    // the next window counts the misses of this one: still refused, until that window ends
    expect((await refused(throttle.check(ip, at(1, 9)))).retryAfterSeconds).to.equal(windowS - 9 * 60);
    // two windows on, the misses are no longer counted
    await throttle.check(ip, at(2, 0));
    // another address was never counted
    await throttle.check('198.51.100.11', at(0, 5));
  });

  it('adds up misses across the window boundary', async () => {
    const throttle = verifyThrottle(db, SECRET);
    const ip = '198.51.100.20';
    await missTimes(throttle, ip, MISSES_ALLOWED / 2, at(0, 9));
    await throttle.check(ip, at(1, 0));
    await missTimes(throttle, ip, MISSES_ALLOWED / 2, at(1, 1));
    // half were in the window before: they stop counting when this one ends, and so does the refusal
    expect((await refused(throttle.check(ip, at(1, 2)))).retryAfterSeconds).to.equal(MISS_WINDOW_MS / 1000 - 2 * 60);
    await throttle.check(ip, at(2, 0));
  });

  it('counts what is stored, whatever the marker says: a marker left by a crash before its miss lets the address in', async () => {
    const throttle = verifyThrottle(db, SECRET);
    const ip = '198.51.100.30';
    const key = keyedBy(SECRET)('verify', ip);
    const window = Math.floor(at(0).getTime() / MISS_WINDOW_MS);
    await db.collection('certificate_misses').insertOne({ _id: `${key}|recent|${window}` as never, window, at: at(0) });
    await throttle.check(ip, at(0, 1));
  });

  it('sweeps misses and markers no check counts, and keeps those it does', async () => {
    const throttle = verifyThrottle(db, SECRET);
    const ip = '198.51.100.40';
    await missTimes(throttle, ip, MISSES_ALLOWED, at(0, 9));
    await throttle.sweep(at(1, 9));
    await refused(throttle.check(ip, at(1, 9)));
    await throttle.check(ip, at(2, 9));
    await throttle.sweep(at(3, 0));
    const key = keyedBy(SECRET)('verify', ip);
    const left = await db.collection('certificate_misses').countDocuments({ _id: { $regex: `^${key}\\|` } as never });
    expect(left).to.equal(0);
  });

  it('stores an address only as a hash keyed by the server secret, never as itself or its plain SHA-256', async () => {
    const throttle = verifyThrottle(db, SECRET);
    const ip = '198.51.100.50';
    await throttle.miss(ip, at(0, 1));
    const ids = (await db.collection<{ _id: string }>('certificate_misses').find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
    const key = keyedBy(SECRET)('verify', ip);
    expect(ids.filter((id) => id.startsWith(`${key}|`))).to.have.length.at.least(2); // the miss and its marker
    const plain = createHash('sha256').update(`verify:${ip}`).digest('base64url').slice(0, 32);
    expect(ids.some((id) => id.includes(ip) || id.startsWith(plain))).to.equal(false);
    // another site's secret counts the same address under another key
    expect(keyedBy('another-secret-0123456789abcdefghij')('verify', ip)).to.not.equal(key);
  });
});
