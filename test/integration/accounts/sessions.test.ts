import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, testConfig, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { SESSIONS_COLLECTION, sweepExpiredSessions } from '../../../server/http/session.ts';

describe('sessions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const sessions = () => server.db.collection(SESSIONS_COLLECTION);
  const sessionId = (browser: Browser) => decodeURIComponent(browser.cookies.get('qorgau.sid')!).replace(/^s:/, '').split('.')[0]!;

  it('sets an HttpOnly, SameSite=Lax cookie that ends with the browser, once at sign-in', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const form = await browser.get('/login');
    const page = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password });
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('qorgau.sid='))!;
    expect(cookie).to.match(/HttpOnly/i);
    expect(cookie).to.match(/SameSite=Lax/i);
    expect(cookie).to.match(/Path=\//);
    expect(cookie).not.to.match(/Expires=|Max-Age=/i);
    // the session lasts 30 idle minutes on the server
    const stored = await sessions().findOne({ _id: sessionId(browser) as never });
    expect((stored!.expires as Date).getTime() - Date.now()).to.be.within(29 * 60_000, 31 * 60_000);
    // pages after sign-in do not send the cookie again
    const profile = await browser.get('/profile');
    expect(profile.status).to.equal(200);
    expect(profile.headers.getSetCookie().filter((c) => c.startsWith('qorgau.sid='))).to.deep.equal([]);
  });

  it('keeps a session in use alive past 30 minutes: a request moves its stored expiry forward', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    // as if signed in 25 minutes ago and last moved forward then: 5 minutes left
    const id = sessionId(browser);
    await sessions().updateOne({ _id: id as never }, { $set: { expires: new Date(Date.now() + 5 * 60_000), lastModified: new Date(Date.now() - 25 * 60_000) } });
    expect((await browser.get('/profile')).status).to.equal(200);
    let left = 0;
    for (let i = 0; i < 50 && left < 29 * 60_000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = ((await sessions().findOne({ _id: id as never }))!.expires as Date).getTime() - Date.now();
    }
    expect(left).to.be.within(29 * 60_000, 31 * 60_000);
    expect((await browser.get('/profile')).status).to.equal(200);
  });

  it('ends a session idle for 30 minutes', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    await sessions().updateOne({ _id: sessionId(browser) as never }, { $set: { expires: new Date(Date.now() - 1000) } });
    expect((await browser.get('/profile')).status).to.equal(401);
  });

  it('ends a session 12 hours after login, however active', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    expect((await browser.get('/profile')).status).to.equal(200);
    await sessions().updateOne({ _id: sessionId(browser) as never }, { $set: { 'session.startedAt': Date.now() - 12 * 3600_000 - 1000 } });
    expect((await browser.get('/profile')).status).to.equal(401);
  });

  it('sweeps expired sessions, since FerretDB has no TTL indexes', async () => {
    await sessions().insertOne({ _id: 'expired-session-for-sweep' as never, expires: new Date(Date.now() - 60_000), session: {} });
    expect(await sweepExpiredSessions(server.db)).to.be.at.least(1);
    expect(await sessions().countDocuments({ _id: 'expired-session-for-sweep' as never })).to.equal(0);
  });

  it('destroys the session at logout', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    const id = sessionId(browser);
    const profile = await browser.get('/profile');
    await browser.post('/logout', { _csrf: Browser.csrf(profile) });
    expect(await sessions().countDocuments({ _id: id as never })).to.equal(0);
  });

  describe('in production', () => {
    let production: TestServer;
    before(async () => {
      production = await startTestServer({ config: testConfig({ NODE_ENV: 'production' }) });
    });
    after(() => production.close());

    it('uses a Secure cookie with the __Host- prefix behind an HTTPS proxy', async () => {
      const user = await createUser(production.db);
      const browser = new Browser(production.url, { 'x-forwarded-proto': 'https' });
      const form = await browser.get('/login');
      // a visitor's form token rides on a cookie pinned the same way
      expect(form.headers.getSetCookie().find((c) => c.startsWith('__Host-qorgau.csrf='))).to.match(/; Secure/i);
      const page = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password });
      expect(page.status).to.equal(303);
      const cookie = page.headers.getSetCookie().find((c) => c.startsWith('__Host-qorgau.sid='));
      expect(cookie).to.be.a('string');
      expect(cookie).to.match(/; Secure/i);
      expect(cookie).to.match(/Path=\//);
      expect(cookie).not.to.match(/Domain=/i);
      expect(page.headers.get('strict-transport-security')).to.contain('max-age=');
    });
  });
});
