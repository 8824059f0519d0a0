import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { ACCOUNT_HOURLY_LIMIT, addressGroup, loginThrottle, sweepLoginFailures } from '../../../server/accounts/login-throttle.ts';
import { TooManyRequestsError } from '../../../server/errors.ts';
import { testDatabase } from '../../helpers/database.ts';
import { makeIin } from '../../helpers/users.ts';


/** keys the hashes counted under, as SESSION_SECRET does in the app */
const SECRET = 'throttle-test-secret-0123456789abcdef';
describe('the login throttle', () => {
  let db: Connection;
  before(async () => {
    db = await testDatabase();
  });

  /** Fails as fast as the throttle allows for an hour of simulated time; counts accepted failures. */
  async function failForAnHour(account: (i: number) => string, ip: (i: number) => string): Promise<number> {
    const throttle = loginThrottle(db, SECRET);
    const start = Date.parse('2026-01-01T08:00:00Z');
    let now = start;
    let accepted = 0;
    for (let i = 0; i < 1000 && now < start + 3600_000; i++) {
      try {
        await throttle.check(account(i), ip(i), new Date(now));
      } catch (err) {
        expect(err).to.be.instanceOf(TooManyRequestsError);
        now += (err as TooManyRequestsError).retryAfterSeconds * 1000;
        continue;
      }
      await throttle.fail(account(i), ip(i), new Date(now));
      accepted += 1;
      now += 100;
    }
    return accepted;
  }

  it('lets an account take no more than 100 failures in an hour, with growing waits', async () => {
    const accepted = await failForAnHour(() => 'victim@example.kz', (i) => `10.0.${i % 250}.${Math.floor(i / 250)}`);
    expect(accepted).to.be.at.most(ACCOUNT_HOURLY_LIMIT);
    expect(accepted).to.be.at.least(5);
  });

  it('lets the owner in after a reset, once the account took its hundred failures from everywhere', async () => {
    const throttle = loginThrottle(db, SECRET);
    const now = new Date('2026-06-01T08:00:00Z');
    for (let i = 0; i < ACCOUNT_HOURLY_LIMIT; i++) await throttle.fail('capped@example.kz', `10.9.${Math.floor(i / 5)}.${i % 5}`, now);
    const refused = await throttle.check('capped@example.kz', '198.51.100.200', now).then(() => null, (e: unknown) => e);
    expect(refused).to.be.instanceOf(TooManyRequestsError);
    // said in minutes, with the way in at once
    expect((refused as TooManyRequestsError).messageKey).to.equal('accounts.login.throttledMinutes');
    await throttle.clearAccount('capped@example.kz', now);
    await throttle.check('capped@example.kz', '198.51.100.200', now);
  });

  it('counts an IPv6 address by its /64 network, which one household holds whole', () => {
    expect(addressGroup('2001:db8:1:1::1')).to.equal('2001:db8:1:1::/64');
    expect(addressGroup('2001:0db8:0001:0001:0000:0000:0000:0014')).to.equal('2001:db8:1:1::/64');
    expect(addressGroup('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(addressGroup('::ffff:203.0.113.5')).to.equal('203.0.113.5');
    expect(addressGroup('203.0.113.5')).to.equal('203.0.113.5');
  });

  it('slows down one IP trying many accounts', async () => {
    const accepted = await failForAnHour((i) => `guess${i}@example.kz`, () => '192.0.2.7');
    expect(accepted).to.be.below(200);
  });

  it('counts every failure when thirty arrive at once from one address, and locks that address out of the account only', async () => {
    const throttle = loginThrottle(db, SECRET);
    const now = new Date('2026-03-01T08:00:00Z');
    await Promise.all(Array.from({ length: 30 }, () => throttle.fail('burst@example.kz', '203.0.113.9', now)));
    const refused = await throttle.check('burst@example.kz', '203.0.113.9', new Date(now.getTime() + 1000)).then(() => null, (e: unknown) => e);
    expect(refused, 'a burst of 30 failures must lock the address out of the account').to.be.instanceOf(TooManyRequestsError);
    // 30 failures, 5 free: the wait has grown to 2^24 s, capped at 15 minutes
    expect((refused as TooManyRequestsError).retryAfterSeconds).to.equal(15 * 60 - 1);
    // the owner, from their own address, is not locked out by someone else's guesses
    await throttle.check('burst@example.kz', '198.51.100.44', new Date(now.getTime() + 1000));
  });

  it('counts failures across its ten-minute windows for at least an hour, and the sweep keeps what it counts', async () => {
    const throttle = loginThrottle(db, SECRET);
    const t0 = Date.parse('2026-04-01T08:03:00Z');
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const ip = '198.18.0.1';
    for (let i = 0; i < 4; i++) await throttle.fail('windows@example.kz', ip, at(0));
    for (let i = 0; i < 3; i++) await throttle.fail('windows@example.kz', ip, at(25));
    await sweepLoginFailures(db, at(26));
    // 7 failures, 5 free: the wait after the last one is 2^(7-5-1) = 2 s
    const refused = await throttle.check('windows@example.kz', ip, at(25)).then(() => null, (e: unknown) => e);
    expect(refused).to.be.instanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).to.equal(2);
    await throttle.check('windows@example.kz', ip, new Date(at(25).getTime() + 2000));
    // 75 minutes on, the first four have left every counted window: three failures are free
    await sweepLoginFailures(db, at(75));
    await throttle.fail('windows@example.kz', ip, at(75));
    await throttle.fail('windows@example.kz', ip, at(75));
    await throttle.check('windows@example.kz', ip, at(75));
  });

  it('stores no IIN, email or address in a failure', async () => {
    const throttle = loginThrottle(db, SECRET);
    const iin = makeIin();
    await throttle.fail(iin, '203.0.113.77', new Date('2026-05-01T08:00:00Z'));
    await throttle.fail(`Secret${iin}@Example.kz`, '203.0.113.77', new Date('2026-05-01T08:00:00Z'));
    const stored = JSON.stringify(await db.db!.collection('login_failures').find().toArray());
    expect(stored).not.to.contain(iin);
    expect(stored.toLowerCase()).not.to.contain('example.kz');
    expect(stored).not.to.contain('203.0.113.77');
  });

  it('forgets an account\'s failures from an address after a successful login from there', async () => {
    const throttle = loginThrottle(db, SECRET);
    const now = new Date('2026-02-01T08:00:00Z');
    for (let i = 0; i < 5; i++) await throttle.fail('forgetful@example.kz', '198.51.100.1', now);
    await throttle.succeed('forgetful@example.kz', '198.51.100.1', now);
    await throttle.fail('forgetful@example.kz', '198.51.100.1', now);
    await throttle.check('forgetful@example.kz', '198.51.100.1', now);
  });
});
