// After a success, or with an expired session, a browser never ends on an error page: a form sent
// after the session ended goes to the sign-in form and back to the page it came from; signing out
// twice, a sign-in form left open in another tab, a password form sent twice and a shared
// verification link with a messenger's parameters all end where the user meant to be.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, mailCount, nextMail, signIn } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('forgiving forms', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('sends a form posted after the session ended to the sign-in form, then back to the page it came from', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    const profile = await browser.get('/profile?lang=kk');
    const csrf = Browser.csrf(profile);
    const before = await userModel(server.db).findById(user.doc._id).lean();
    browser.cookies.clear(); // the session has ended
    const sent = await browser.request('POST', '/profile', { body: new URLSearchParams({ _csrf: csrf, surname: 'Жаңа' }), headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${server.url}/profile?lang=kk` } });
    expect(sent.status).to.equal(303);
    expect(sent.location).to.equal(`/login?next=${encodeURIComponent('/profile?lang=kk')}&unsaved=1`);
    expect(await userModel(server.db).findById(user.doc._id).lean()).to.deep.equal(before);
    // the sign-in form, and the page after it, say that what was sent was not saved
    const form = await browser.get(`${sent.location!}&lang=en`);
    expect(form.$('.notice-info').text()).to.contain('was not saved');
    const back = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password, next: form.$('input[name=next]').val() as string, unsaved: form.$('input[name=unsaved]').val() as string });
    expect(back.location).to.equal('/profile?lang=kk');
    expect((await browser.get('/profile?lang=en')).$('[role=status]').text()).to.contain('please send it again');
    // a script's JSON post is told 401, as before
    browser.cookies.clear();
    expect((await browser.postJson('/profile', {})).status).to.equal(401);
  });

  it('refuses a form sent from a page left open across a new sign-in with a link back to that page, nothing changed', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    const stale = await browser.get('/profile?lang=en');
    // signed out and in again (another tab): the page's token belongs to the session that ended
    await browser.post('/logout', { _csrf: Browser.csrf(stale) });
    const form = await browser.get('/login');
    await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password });
    const before = await userModel(server.db).findById(user.doc._id).lean();
    const sent = await browser.request('POST', '/profile', { body: new URLSearchParams({ _csrf: Browser.csrf(stale), surname: 'Жаңа', givenName: 'Есім' }), headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${server.url}/profile?lang=en` } });
    expect(sent.status).to.equal(403);
    expect(sent.$('main').text()).to.contain('nothing was saved');
    const way = sent.$('main a[href="/profile?lang=en"]');
    expect(way.text()).to.equal('Open the form again');
    const again = await browser.get(way.attr('href')!);
    expect(Browser.csrf(again)).to.not.equal(Browser.csrf(stale));
    expect(await userModel(server.db).findById(user.doc._id).lean()).to.deep.equal(before);
    // a post from another site is still refused: it has no page of this site to go back to
    const forged = await browser.request('POST', '/profile', { body: new URLSearchParams({ _csrf: 'forged', surname: 'Х' }), headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://evil.example/x' } });
    expect(forged.status).to.equal(403);
    expect(forged.$('main a[href="/profile?lang=en"]').length).to.equal(0);
    expect(await userModel(server.db).findById(user.doc._id).lean()).to.deep.equal(before);
  });

  it('signs out twice without an error, and takes a sign-in form sent from another tab after signing in as done', async () => {
    const user = await createUser(server.db);
    const tab = new Browser(server.url);
    const stale = await tab.get('/login');
    const browser = await signIn(server.url, user.email, user.password);
    for (const [k, v] of browser.cookies) tab.cookies.set(k, v);
    const again = await tab.post('/login', { _csrf: Browser.csrf(stale), login: user.email, password: user.password });
    expect(again.status).to.equal(303);
    expect(again.location).to.equal('/');
    const page = await browser.get('/profile');
    expect((await browser.post('/logout', { _csrf: Browser.csrf(page) })).status).to.equal(303);
    const twice = await browser.post('/logout', { _csrf: Browser.csrf(page) });
    expect(twice.status).to.equal(303);
    expect(twice.location).to.equal('/');
  });

  it('takes a password form sent twice as done, and never shows the token', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const before = mailCount(server.config.dataDir, user.email);
    await browser.post('/password/forgot', { _csrf: Browser.csrf(await browser.get('/password/forgot')), login: user.email });
    const link = (await nextMail(server.config.dataDir, user.email, before)).link!;
    const page = await browser.get(new URL(link).pathname + new URL(link).search, true);
    const form = { _csrf: Browser.csrf(page), token: page.$('input[name=token]').val() as string, password: 'Жаңа құпиясөз 2026 жыл', passwordConfirm: 'Жаңа құпиясөз 2026 жыл' };
    const first = await browser.post('/password/reset?lang=en', form);
    expect(first.status).to.equal(303);
    const second = await browser.post('/password/reset?lang=en', form);
    expect(second.status).to.equal(303);
    expect(second.location).to.equal('/login');
    // said as it is: the link set the password the first time (a second form may carry another)
    expect((await browser.get('/login?lang=en')).$('[role=status]').text()).to.contain('has set your password already');
    // the link opened again later says it may have been used, and leads to sign in
    const reopened = await new Browser(server.url).get(`${new URL(link).pathname}${new URL(link).search}&lang=en`, true);
    expect(reopened.$('[role=alert]').text()).to.contain('used already');
    expect(reopened.$('main a[href="/login"]').length).to.equal(1);
    // another browser sending a used token is still refused
    const other = new Browser(server.url);
    expect((await other.post('/password/reset', { ...form, _csrf: Browser.csrf(await other.get('/login')) })).status).to.equal(400);
  });

  it('takes a password change sent twice as done, and still refuses a wrong current password', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    const page = await browser.get('/profile/password?lang=en');
    const form = { _csrf: Browser.csrf(page), currentPassword: user.password, password: 'Екінші құпиясөз 2026 жыл', passwordConfirm: 'Екінші құпиясөз 2026 жыл' };
    expect((await browser.post('/profile/password', form)).status).to.equal(303);
    const changedAt = (await userModel(server.db).findById(user.doc._id).lean())!.passwordChangedAt;
    const twice = await browser.post('/profile/password', form);
    expect(twice.status).to.equal(303);
    expect(twice.location).to.equal('/profile');
    expect((await userModel(server.db).findById(user.doc._id).lean())!.passwordChangedAt).to.deep.equal(changedAt);
    const wrong = await browser.post('/profile/password', { ...form, currentPassword: 'не тот пароль', password: 'Үшінші құпиясөз 2026', passwordConfirm: 'Үшінші құпиясөз 2026' });
    expect(wrong.status).to.equal(401);
    // the same password again is refused, saying so: it would change nothing and sign other devices out
    const same = await browser.post('/profile/password?lang=en', { ...form, currentPassword: form.password, password: form.password, passwordConfirm: form.password });
    expect(same.status).to.equal(400);
    expect(same.$('#form-errors').text()).to.contain('same as the current one');
    // a wrong current password beside a new one too short: both said at once
    const both = await browser.post('/profile/password?lang=en', { ...form, currentPassword: 'не тот пароль', password: 'кротко', passwordConfirm: 'кротко' });
    expect(both.status).to.equal(400);
    expect(both.$('#f-currentPassword').attr('aria-invalid')).to.equal('true');
    expect(both.$('#f-password').attr('aria-invalid')).to.equal('true');
  });

  it('leads a visitor whose browser dropped the form\'s cookie back to the form, not home', async () => {
    const visitor = new Browser(server.url);
    const form = await visitor.get('/register?lang=ru');
    expect(form.headers.get('set-cookie') ?? '').to.match(/Max-Age=\d+/);
    visitor.cookies.clear(); // the phone closed its browser, the tab came back
    const refused = await visitor.request('POST', '/register?lang=ru', { body: new URLSearchParams({ _csrf: Browser.csrf(form), iin: '1' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${server.url}/register?lang=ru` } });
    expect(refused.status).to.equal(403);
    expect(refused.$('main a[href="/register?lang=ru"]').length).to.equal(1);
  });

  it('opens a verification link that a messenger added its own parameters to', async () => {
    // an address of its own: the verification page's lookups are limited per address
    const visitor = new Browser(server.url, { 'x-forwarded-for': '203.0.113.77' });
    const page = await visitor.get('/verify/AAAAAAAAAAAAAAAAAAAA?fbclid=IwAR0x&utm_source=whatsapp&lang=de');
    expect(page.status).to.equal(404);
    expect((await visitor.get('/verify?code[]=x')).status).to.equal(400);
    // an IIN typed in place of the code is refused on the form, never sent on into an address
    const iin = await visitor.get('/verify?code=920724302788&lang=en');
    expect(iin.status).to.equal(400);
    expect(iin.location).to.equal(null);
    expect(iin.$('[role=alert]').text()).to.contain('looks like an IIN');
    // the form posts: an IIN typed with separators, or with a word, is refused there and not echoed
    const form = await visitor.get('/verify?lang=en');
    for (const typed of ['900503-401007', '9005 0340 1007', 'ИИН 900503401007']) {
      const refused = await visitor.post('/verify?lang=en', { _csrf: Browser.csrf(form), code: typed });
      expect(refused.status, typed).to.equal(400);
      expect(refused.location, typed).to.equal(null);
      expect(refused.$('#f-code').attr('value'), typed).to.equal(undefined);
      expect(refused.$('[role=alert]').text(), typed).to.contain('looks like an IIN');
    }
    // a code as people type it goes on to its page, made plain; what cannot be a code stays here
    const sent = await visitor.post('/verify', { _csrf: Browser.csrf(form), code: 'aaaa-aaaa aaaa-aaaa-aaab' });
    expect(sent.status).to.equal(303);
    expect(sent.location).to.equal('/verify/AAAAAAAAAAAAAAAAAAAB');
    const serial = await visitor.post('/verify?lang=en', { _csrf: Browser.csrf(form), code: 'QRG-2026-000145' });
    expect(serial.status).to.equal(400);
    expect(serial.$('[role=alert]').text()).to.contain('registration number');
    const junk = await visitor.post('/verify', { _csrf: Browser.csrf(form), code: 'not a code at all' });
    expect(junk.status).to.equal(400);
    expect(junk.location).to.equal(null);
    expect(junk.headers.get('cache-control')).to.equal('no-store');
  });

  it('shows a signed-in teacher their preferred language until they choose another in this browser', async () => {
    const user = await createUser(server.db, { lang: 'ru' });
    const browser = await signIn(server.url, user.email, user.password);
    const english = { 'accept-language': 'en-US,en;q=0.9' };
    expect((await browser.request('GET', '/profile', { headers: english })).$('html').attr('lang')).to.equal('ru');
    expect((await browser.request('GET', '/profile?lang=kk', { headers: english })).$('html').attr('lang')).to.equal('kk');
    expect((await browser.request('GET', '/profile', { headers: english })).$('html').attr('lang')).to.equal('kk');
    // signed in on a fresh browser: the preferred language is kept for it, after signing out too
    const phone = new Browser(server.url, english);
    const form = await phone.get('/login');
    await phone.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password });
    await phone.post('/logout', { _csrf: Browser.csrf(await phone.get('/profile')) });
    expect((await phone.get('/login')).$('html').attr('lang')).to.equal('ru');
  });

  it('takes a name with a space a phone keyboard left at its end, and tells a name too long its limit', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    const page = await browser.get('/profile?lang=en');
    const saved = await browser.post('/profile', { _csrf: Browser.csrf(page), surname: 'Әбілқасым ', givenName: ' Айгерім' });
    expect(saved.status).to.equal(303);
    expect((await userModel(server.db).findById(user.doc._id).lean())).to.include({ surname: 'Әбілқасым', givenName: 'Айгерім' });
    const long = await browser.post('/profile?lang=en', { _csrf: Browser.csrf(page), surname: 'Ә'.repeat(61), givenName: 'Айгерім' });
    expect(long.status).to.equal(400);
    expect(long.$('#form-errors').text()).to.contain('at most 60');
  });
});
