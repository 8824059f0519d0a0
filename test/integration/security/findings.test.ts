// The red team's findings M3, M4 (throttle), L2-L7 and L11, each re-run from outside as it was found.
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { startTestServer, testConfig, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, makeIin, mailCount, nextMail, PASSWORD, signIn } from '../../helpers/users.ts';
import { createLogger } from '../../../server/logger.ts';
import { loadConfig } from '../../../server/config.ts';
import { translator } from '../../../server/i18n/index.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('security findings, re-run', () => {
  let server: TestServer;
  const logged: string[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged.push(chunk.toString());
        cb();
      },
    });
    server = await startTestServer({ logger: createLogger('debug', sink), config: testConfig({ LOG_LEVEL: 'debug' }) });
  });
  after(async () => server.close());

  it('M3: writes no reset token to the log, from the request line, the mailer or an error', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url);
    const form = await browser.get('/password/forgot');
    await browser.post('/password/forgot', { _csrf: Browser.csrf(form), login: user.email });
    const token = new URL((await nextMail(server.config.dataDir, user.email, 0)).link!).searchParams.get('token')!;
    await browser.get(`/password/reset?token=${token}`);
    await browser.get(`/password/reset?token=${token}x&lang=en`);
    await browser.post('/password/reset', { _csrf: 'forged', token, password: 'x', passwordConfirm: 'x' });
    const log = logged.join('');
    expect(log).to.contain('/password/reset?token=[redacted]');
    expect(log).not.to.contain(token);
  });

  it('M4: throttles "forgot password" per connection with a translated 429', async () => {
    const browser = new Browser(server.url, { 'x-forwarded-for': '198.51.100.9' });
    let page = await browser.get('/password/forgot?lang=ru');
    let status = 200;
    for (let i = 0; i < 12 && status === 200; i++) {
      page = await browser.post('/password/forgot', { _csrf: Browser.csrf(await browser.get('/password/forgot?lang=ru')), login: `nobody${i}@example.kz` });
      status = page.status;
    }
    expect(status).to.equal(429);
    expect(page.headers.get('retry-after')).to.match(/^\d+$/);
    expect(page.$('#form-errors').text()).to.contain('Слишком много запросов');
  });

  it('L2: sends no-store to a signed-in user and allows no data: images', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.iin, user.password);
    for (const path of ['/profile', '/learn']) expect((await browser.get(path)).headers.get('cache-control'), path).to.contain('no-store');
    expect((await browser.get('/profile')).headers.get('content-security-policy')).not.to.contain('data:');
  });

  it('L3: a path with two leading slashes gives language links inside this site', async () => {
    const page = await new Browser(server.url).get('//evil.example/x');
    expect(page.status).to.equal(404);
    const links = page.$('a[hreflang]').map((_, a) => page.$(a).attr('href')).get();
    expect(links).to.have.length(3);
    for (const href of links) expect(href).to.match(/^\/evil\.example\/x\?lang=/);
  });

  it('L4: of parallel wrong passwords against one account, only as many are checked as the throttle allows', async () => {
    const user = await createUser(server.db);
    const tries = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const browser = new Browser(server.url);
        const form = await browser.get('/login');
        return (await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: 'wrong-password-123' })).status;
      }),
    );
    const checked = tries.filter((s) => s === 401).length;
    expect(checked).to.be.at.most(5);
    expect(tries.filter((s) => s === 429).length).to.equal(40 - checked);
  });

  it('L5: trusts only a proxy on loopback by default', () => {
    expect(loadConfig({}, { NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40) }).trustProxy).to.equal('loopback');
  });

  it('L6: refuses invisible characters and mixed scripts, and stores names in NFC', async () => {
    const register = async (fields: Record<string, string>) => {
      const browser = new Browser(server.url);
      const form = await browser.get('/register?lang=en');
      const iin = makeIin();
      const page = await browser.post('/register', {
        _csrf: Browser.csrf(form), iin, email: `l6${iin}@example.kz`, surname: 'Ахметова', givenName: 'Дана', patronymic: '', region: 'astana',
        district: '', school: '', position: '', password: PASSWORD, passwordConfirm: PASSWORD, consent: 'yes', ...fields,
      });
      return { page, iin };
    };
    for (const bad of [{ surname: 'Ахме\u200bтова' }, { surname: 'Ахмe\u0442ова' /* Latin e */ }, { school: 'Мектеп\u061c№5' }, { school: 'Мектеп\u2028№5' }, { givenName: 'Да\u202eна' }] as Record<string, string>[]) {
      const { page, iin } = await register(bad);
      expect(page.status, JSON.stringify(bad)).to.equal(400);
      expect(await userModel(server.db).countDocuments({ iin })).to.equal(0);
    }
    const decomposed = 'А\u0306йгерим'.replace('А\u0306', 'Й'.normalize('NFD'));
    const { page, iin } = await register({ givenName: decomposed });
    expect(page.status).to.equal(303);
    expect((await userModel(server.db).findOne({ iin }).lean())?.givenName).to.equal(decomposed.normalize('NFC'));
  });

  it('L7: refuses an email that starts like a spreadsheet formula', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/register?lang=en');
    for (const email of ['=cmd@example.kz', '+1@example.kz', '-x@example.kz']) {
      const iin = makeIin();
      const page = await browser.post('/register', {
        _csrf: Browser.csrf(form), iin, email, surname: 'Ахметова', givenName: 'Дана', region: 'astana', password: PASSWORD, passwordConfirm: PASSWORD, consent: 'yes',
      });
      expect(page.status, email).to.equal(400);
    }
  });

  it('L11: never interpolates {{...}} found inside a value', () => {
    const t = translator('en');
    const text = t('accounts.mail.reset.body', { name: '{{link}} $t(app.name)', link: 'https://example.kz/x', hours: 1 });
    expect(text).to.contain('Hello, {{link}} $t(app.name)!');
    expect(text).to.contain('https://example.kz/x');
  });

  it('mails the owner nothing more after a few registrations with their IIN (M4)', async () => {
    const owner = await createUser(server.db);
    const before = mailCount(server.config.dataDir, owner.email);
    for (let i = 0; i < 5; i++) {
      const browser = new Browser(server.url, { 'x-forwarded-for': `203.0.113.${i + 20}` });
      const form = await browser.get('/register?lang=en');
      const iin = owner.iin;
      const page = await browser.post('/register', { _csrf: Browser.csrf(form), iin, email: `other${i}${makeIin()}@example.kz`, surname: 'Ахметова', givenName: 'Дана', region: 'astana', password: PASSWORD, passwordConfirm: PASSWORD, consent: 'yes' });
      expect(page.status).to.equal(303);
    }
    await nextMail(server.config.dataDir, owner.email, before);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailCount(server.config.dataDir, owner.email) - before).to.be.at.most(3);
  });
});
