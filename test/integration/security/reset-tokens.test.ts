// Security M2: one live reset or set-password token per user and purpose; a reset, a password
// change or a disable revokes every token of the user.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, mailCount, nextMail, signIn } from '../../helpers/users.ts';
import { authService } from '../../../server/accounts/auth.service.ts';
import { tokenModel } from '../../../server/accounts/token.model.ts';
import { createMailer } from '../../../server/mail/mailer.ts';
import { createLogger } from '../../../server/logger.ts';
import { systemClock } from '../../../server/clock.ts';

describe('password-reset and set-password tokens', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  async function requestReset(email: string): Promise<string> {
    const before = mailCount(server.config.dataDir, email);
    const browser = new Browser(server.url);
    const form = await browser.get('/password/forgot');
    const sent = await browser.post('/password/forgot', { _csrf: Browser.csrf(form), login: email, email });
    expect(sent.status).to.equal(200);
    const mail = await nextMail(server.config.dataDir, email, before);
    return new URL(mail.link!).searchParams.get('token')!;
  }

  async function reset(token: string, password: string): Promise<number> {
    const browser = new Browser(server.url);
    const page = await browser.get(`/password/reset?token=${token}`, true);
    if (page.status !== 200) return page.status;
    return (await browser.post('/password/reset', { _csrf: Browser.csrf(page), token, password, passwordConfirm: password })).status;
  }

  const liveTokens = async (userId: unknown) => tokenModel(server.db).collection.countDocuments({ userId });

  it('keeps one live token: a second request revokes the first', async () => {
    const user = await createUser(server.db);
    const older = await requestReset(user.email);
    const newer = await requestReset(user.email);
    expect(await liveTokens(user.doc._id)).to.equal(1);
    expect(await reset(older, 'Ескі-сілтеме-жаңа-1')).to.equal(400);
    // the older link's page says why it no longer works
    expect((await new Browser(server.url).get(`/password/reset?token=${older}&lang=en`, true)).$('main').text()).to.contain('only the newest one works');
    expect(await reset(newer, 'Жаңа-сілтеме-жаңа-2')).to.equal(303);
    expect(await liveTokens(user.doc._id)).to.equal(0);
  });

  it('revokes every token of the user after a reset, including a set-password link', async () => {
    const user = await createUser(server.db);
    const auth = authService({ db: server.db, mailer: createMailer(server.config, createLogger('silent')), clock: systemClock, logger: createLogger('silent'), baseUrl: server.url, secret: server.config.sessionSecret });
    const before = mailCount(server.config.dataDir, user.email);
    await auth.sendSetPasswordLink(user.doc);
    const setToken = new URL((await nextMail(server.config.dataDir, user.email, before)).link!).searchParams.get('token')!;
    const resetToken = await requestReset(user.email);
    expect(await reset(resetToken, 'Жаңа-құпиясөз-қалпына-3')).to.equal(303);
    expect(await reset(setToken, 'Орнату-сілтемесі-ескі-4')).to.equal(400);
  });

  it('makes a link issued before a password change useless after it', async () => {
    const user = await createUser(server.db);
    const token = await requestReset(user.email);
    const browser = await signIn(server.url, user.email, user.password);
    const form = await browser.get('/profile/password');
    const changed = await browser.post('/profile/password', { _csrf: Browser.csrf(form), currentPassword: user.password, password: 'Өзгертілген-құпиясөз-5', passwordConfirm: 'Өзгертілген-құпиясөз-5' });
    expect(changed.status).to.equal(303);
    expect(await reset(token, 'Ескі-сілтемемен-6')).to.equal(400);
  });

  it('makes a link useless once its user is disabled', async () => {
    const user = await createUser(server.db);
    const token = await requestReset(user.email);
    const admin = await createUser(server.db, { role: 'admin' });
    const browser = await signIn(server.url, admin.email, admin.password);
    const page = await browser.get(`/admin/users/${String(user.doc._id)}`);
    const saved = await browser.post(`/admin/users/${String(user.doc._id)}`, { _csrf: Browser.csrf(page), role: 'teacher', regionScope: '', status: 'disabled' });
    expect(saved.status).to.equal(303);
    expect(await liveTokens(user.doc._id)).to.equal(0);
    expect(await reset(token, 'Өшірілген-қолданушы-7')).to.equal(400);
  });
});
