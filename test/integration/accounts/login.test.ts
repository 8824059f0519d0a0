import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, nextMail, makeIin, signIn, PASSWORD } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';
import { userRepository } from '../../../server/accounts/user.repository.ts';
import { MovableClock } from '../../helpers/learning.ts';

describe('signing in and out', () => {
  let server: TestServer;
  // the clock stands still: a throttle's wait never runs out while a loaded machine serves the test
  const clock = new MovableClock();
  before(async () => {
    server = await startTestServer({ clock });
  });
  after(() => server.close());

  it('signs a teacher in with the IIN or the email, and out again', async () => {
    const user = await createUser(server.db);
    for (const login of [user.iin, user.email.toUpperCase()]) {
      const browser = await signIn(server.url, login, user.password);
      const profile = await browser.get('/profile');
      expect(profile.status).to.equal(200);
      expect(profile.text).to.contain(user.iin);
      const out = await browser.post('/logout', { _csrf: Browser.csrf(profile) });
      expect(out.status).to.equal(303);
      expect((await browser.get('/profile')).status).to.equal(401);
    }
  });

  it('gives the same message for an unknown user and a wrong password', async () => {
    const user = await createUser(server.db);
    const messages: string[] = [];
    for (const [login, password] of [
      [user.email, 'wrong-password-1'],
      ['nobody@example.kz', 'wrong-password-1'],
    ] as const) {
      const browser = new Browser(server.url);
      const form = await browser.get('/login?lang=en');
      const page = await browser.post('/login', { _csrf: Browser.csrf(form), login, password });
      expect(page.status).to.equal(401);
      messages.push(page.$('[role=alert]').text().trim());
    }
    expect(messages[0]).to.equal(messages[1]);
    expect(messages[0]).to.contain('not correct');
  });

  it('makes the session id from before login worthless after it (no fixation)', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    // a visitor's form token needs no session, so there is none to fix before login; an attacker who
    // plants a session id of their own (from their own sign-in and sign-out) gets nothing either
    const other = await createUser(server.db);
    const attacker = await signIn(server.url, other.email, other.password);
    const planted = attacker.cookies.get('qorgau.sid')!;
    await attacker.post('/logout', { _csrf: Browser.csrf(await attacker.get('/profile')) });
    browser.cookies.set('qorgau.sid', planted);
    const form = await browser.get('/login');
    await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password });
    const after = browser.cookies.get('qorgau.sid');
    expect(after).to.be.a('string').and.not.equal(planted);
    attacker.cookies.set('qorgau.sid', planted);
    expect((await attacker.get('/profile')).status).to.equal(401);
    expect((await browser.get('/profile')).status).to.equal(200);
  });

  it('refuses a form without a CSRF token, or with another session\'s token, with 403', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    await browser.get('/login');
    const missing = await browser.post('/login', { login: user.email, password: user.password });
    expect(missing.status).to.equal(403);
    const other = new Browser(server.url);
    const otherForm = await other.get('/login');
    const foreign = await browser.post('/login', { _csrf: Browser.csrf(otherForm), login: user.email, password: user.password });
    expect(foreign.status).to.equal(403);
    expect((await browser.get('/profile')).status).to.equal(401);
  });

  it('accepts a long Kazakh password and refuses its prefix', async () => {
    const password = 'Бүгін біз балаларды қорғау туралы ұзақ әрі күрделі құпиясөз жазамыз: әғқңөұүһі — '.repeat(2);
    const user = await createUser(server.db, { password });
    await signIn(server.url, user.email, password);
    const browser = new Browser(server.url);
    const form = await browser.get('/login');
    const prefix = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: password.slice(0, 72) });
    expect(prefix.status).to.equal(401);
  });

  it('throttles repeated failures for an account, with Retry-After', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const form = await browser.get('/login');
      const page = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: `wrong-${i}-password` });
      last = page.status;
      retryAfter = page.headers.get('retry-after');
      if (last === 429) break;
    }
    expect(last).to.equal(429);
    expect(Number(retryAfter)).to.be.greaterThan(0);
    // even the right password waits while the account is locked from this address
    const form = await browser.get('/login');
    expect((await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password })).status).to.equal(429);
    // and by the IIN too: the failures are the account's, not the login's
    expect((await browser.post('/login', { _csrf: Browser.csrf(form), login: user.iin, password: user.password })).status).to.equal(429);
    // the owner at their own address signs in: someone else's guesses lock only the guesser out
    const owner = new Browser(server.url, { 'x-forwarded-for': '198.51.100.23' });
    const ownForm = await owner.get('/login');
    expect((await owner.post('/login', { _csrf: Browser.csrf(ownForm), login: user.email, password: user.password })).status).to.equal(303);
  });

  it('ends every session of a user disabled in the database directly, within the minute a server trusts what it remembers', async () => {
    // through the app (the admin's page, an import) it is at once: access.test.ts, remembered-reads.test.ts
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    expect((await browser.get('/profile')).status).to.equal(200);
    await userModel(server.db).updateOne({ _id: user.doc._id }, { $set: { status: 'disabled' } });
    clock.advance(61_000);
    expect((await browser.get('/profile')).status).to.equal(401);
  });

  it('resets a password through a one-time emailed link', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const form = await browser.get('/password/forgot');
    const sent = await browser.post('/password/forgot', { _csrf: Browser.csrf(form), email: user.email });
    expect(sent.status).to.equal(200);
    const mail = await nextMail(server.config.dataDir, user.email, 0);
    expect(mail.subject).to.equal('Qorgau: құпиясөзді қалпына келтіру');
    expect(mail.link).to.match(/\/password\/reset\?token=/);
    const resetUrl = new URL(mail.link!);
    // the link's token is traded for a cookie of the reset page, and the address loses it
    const followed = await browser.get(resetUrl.pathname + resetUrl.search);
    expect(followed.status).to.equal(303);
    expect(followed.location).to.equal('/password/reset');
    const kept = followed.headers.get('set-cookie') ?? '';
    expect(kept).to.match(/^qorgau_reset=[A-Za-z0-9_-]+; Max-Age=3600; Path=\/password\/reset; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    const resetForm = await browser.get('/password/reset');
    expect(resetForm.status).to.equal(200);
    expect(resetForm.headers.get('cache-control')).to.equal('no-store');
    expect(resetForm.$('input[name=token]').val()).to.equal(resetUrl.searchParams.get('token'));
    expect(await new Browser(server.url).get('/password/reset').then((p) => p.status), 'without the cookie').to.equal(400);
    const newPassword = 'Жаңа-құпиясөз-2026!';
    const done = await browser.post('/password/reset', { _csrf: Browser.csrf(resetForm), token: resetUrl.searchParams.get('token')!, password: newPassword, passwordConfirm: newPassword });
    expect(done.status).to.equal(303);
    await signIn(server.url, user.email, newPassword);
    const again = await browser.get(resetUrl.pathname + resetUrl.search);
    expect(again.status, 'the link works once').to.equal(400);
  });

  it('sets no password through a link whose account was disabled after it was sent', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const form = await browser.get('/password/forgot');
    expect((await browser.post('/password/forgot', { _csrf: Browser.csrf(form), email: user.email })).status).to.equal(200);
    const resetUrl = new URL((await nextMail(server.config.dataDir, user.email, 0)).link!);
    const resetForm = await browser.get(resetUrl.pathname + resetUrl.search, true);
    await userRepository(server.db).update(user.doc._id, { status: 'disabled' });
    const newPassword = 'Жаңа-құпиясөз-2026!';
    const refused = await browser.post('/password/reset', { _csrf: Browser.csrf(resetForm), token: resetUrl.searchParams.get('token')!, password: newPassword, passwordConfirm: newPassword });
    expect(refused.status).to.equal(403);
    const stored = await userRepository(server.db).findById(user.doc._id);
    expect(stored?.passwordHash).to.equal(user.doc.passwordHash);
  });

  it('lets a reset link work once when two resets race', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const form = await browser.get('/password/forgot');
    await browser.post('/password/forgot', { _csrf: Browser.csrf(form), email: user.email });
    const token = new URL((await nextMail(server.config.dataDir, user.email, 0)).link!).searchParams.get('token')!;
    const racers = await Promise.all(
      ['Бірінші-жаңа-құпиясөз-1', 'Екінші-жаңа-құпиясөз-2'].map(async (password) => {
        const b = new Browser(server.url);
        const page = await b.get(`/password/reset?token=${token}`, true);
        return b.post('/password/reset', { _csrf: Browser.csrf(page), token, password, passwordConfirm: password });
      }),
    );
    expect(racers.map((r) => r.status).sort()).to.deep.equal([303, 400]);
  });

  it('registers a teacher who can then sign in; role never comes from the form', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/register?lang=kk');
    const iin = makeIin();
    const page = await browser.post('/register', {
      _csrf: Browser.csrf(form), iin, email: `reg${iin}@example.kz`, surname: 'Қасымова', givenName: 'Гүлнұр', patronymic: '', region: 'shymkent',
      district: '', school: '№ 7 мектеп-гимназия', position: 'мұғалім', lang: 'kk', password: PASSWORD, passwordConfirm: PASSWORD, consent: 'yes',
    });
    expect(page.status).to.equal(303);
    const stored = await userModel(server.db).findOne({ iin }).lean();
    expect(stored?.role).to.equal('teacher');
    expect(stored?.passwordHash).to.match(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const forged = new Browser(server.url);
    const form2 = await forged.get('/register');
    const iin2 = makeIin();
    const refused = await forged.post('/register', {
      _csrf: Browser.csrf(form2), iin: iin2, email: `reg${iin2}@example.kz`, surname: 'Ivanov', givenName: 'Ivan', region: 'astana', password: PASSWORD, passwordConfirm: PASSWORD, consent: 'yes', role: 'admin',
    });
    expect(refused.status).to.equal(400);
    expect(await userModel(server.db).countDocuments({ iin: iin2 })).to.equal(0);
  });
});
