import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser } from '../../helpers/users.ts';
import { SESSIONS_COLLECTION } from '../../../server/http/session.ts';

describe('forms for visitors who are not signed in', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const sessionCount = () => server.db.collection(SESSIONS_COLLECTION).countDocuments();

  it('writes no session for GET /login and GET /register, and signs in with the token they carry', async () => {
    const user = await createUser(server.db);
    const before = await sessionCount();
    const browser = new Browser(server.url);
    const register = await browser.get('/register');
    expect(register.status).to.equal(200);
    const form = await browser.get('/login');
    expect(Browser.csrf(form)).to.equal(Browser.csrf(register));
    expect(browser.cookies.has('qorgau.sid')).to.equal(false);
    expect(await sessionCount()).to.equal(before);
    const signedIn = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password });
    expect(signedIn.status).to.equal(303);
    expect(await sessionCount()).to.equal(before + 1);
    expect((await browser.get('/profile')).status).to.equal(200);
  });

  it('refuses a visitor\'s form posted with a token made for another visitor\'s cookie, or with no cookie', async () => {
    const user = await createUser(server.db);
    const victim = new Browser(server.url);
    await victim.get('/login');
    const attacker = new Browser(server.url);
    const token = Browser.csrf(await attacker.get('/login'));
    expect((await victim.post('/login', { _csrf: token, login: user.email, password: user.password })).status).to.equal(403);
    const cookieless = new Browser(server.url);
    expect((await cookieless.post('/login', { _csrf: token, login: user.email, password: user.password })).status).to.equal(403);
  });

  it('does not take a visitor\'s token from a signed-in session', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const visitorToken = Browser.csrf(await browser.get('/login'));
    expect((await browser.post('/login', { _csrf: visitorToken, login: user.email, password: user.password })).status).to.equal(303);
    // signed in now: the visitor's token no longer counts, the session's does
    expect((await browser.post('/logout', { _csrf: visitorToken })).status).to.equal(403);
    const profile = await browser.get('/profile');
    expect((await browser.post('/logout', { _csrf: Browser.csrf(profile) })).status).to.equal(303);
  });
});
