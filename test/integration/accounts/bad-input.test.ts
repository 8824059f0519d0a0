import { expect } from 'chai';
import { Browser, type Page } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, mailCount, makeIin, nextMail, PASSWORD } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('bad input to the accounts forms', () => {
  let server: TestServer;
  let users: () => Promise<number>;
  before(async () => {
    server = await startTestServer();
    users = () => userModel(server.db).countDocuments({});
  });
  after(() => server.close());

  async function registerForm(lang = 'en') {
    const browser = new Browser(server.url);
    const form = await browser.get(`/register?lang=${lang}`);
    const iin = makeIin();
    const valid = {
      _csrf: Browser.csrf(form), iin, email: `bad${iin}@example.kz`, surname: 'Ахметова', givenName: 'Дана', patronymic: '', region: 'astana',
      district: '', school: '', position: '', password: PASSWORD, passwordConfirm: PASSWORD, consent: 'yes',
    };
    return { browser, valid };
  }

  /** Posts, expects a 4xx, no new user, and a server that still answers. */
  async function refused(send: () => Promise<Page>, status?: number): Promise<Page> {
    const before = await users();
    const page = await send();
    if (status) expect(page.status).to.equal(status);
    else expect(page.status).to.be.within(400, 499);
    expect(await users()).to.equal(before);
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    return page;
  }

  it('refuses query operators in JSON bodies', async () => {
    await createUser(server.db);
    const browser = new Browser(server.url);
    const page = await refused(() => browser.postJson('/login', { login: { $ne: null }, password: { $ne: null } }), 400);
    expect(JSON.parse(page.text).error.code).to.equal('validation');
  });

  it('refuses operators hidden in form field names', async () => {
    const browser = new Browser(server.url);
    await refused(() => browser.request('POST', '/login', { body: 'login[$gt]=&password[$gt]=', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400);
  });

  it('refuses __proto__ and constructor keys', async () => {
    const browser = new Browser(server.url);
    await refused(() => browser.request('POST', '/login', { body: '{"__proto__":{"role":"admin"},"login":"a","password":"b"}', headers: { 'content-type': 'application/json' } }), 400);
    await refused(() => browser.request('POST', '/login', { body: '{"constructor":{"prototype":{"x":1}}}', headers: { 'content-type': 'application/json' } }), 400);
    expect(({} as Record<string, unknown>).role).to.equal(undefined);
  });

  it('refuses a repeated parameter', async () => {
    const { browser, valid } = await registerForm();
    await refused(() => browser.post('/register', { ...valid, email: [valid.email, 'other@example.kz'] }), 400);
  });

  it('refuses over-long fields with a message naming the field', async () => {
    const { browser, valid } = await registerForm();
    const page = await refused(() => browser.post('/register', { ...valid, surname: 'Ә'.repeat(5000) }), 400);
    expect(page.$('#form-errors').text()).to.contain('Surname');
  });

  for (const [label, iin, message] of [
    ['a wrong length', '12345678901', 'exactly 12 digits'],
    ['letters', '88010130012a', 'exactly 12 digits'],
    ['full-width digits', '８８０１０１３００１２３', 'exactly 12 digits'],
    ['a bad check digit', 'BAD', 'check digit'],
  ] as const) {
    it(`refuses an IIN with ${label}`, async () => {
      const { browser, valid } = await registerForm();
      const good = valid.iin;
      const value = iin === 'BAD' ? `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}` : iin;
      const page = await refused(() => browser.post('/register', { ...valid, iin: value }), 400);
      expect(page.$('#form-errors').text()).to.contain(message);
    });
  }

  it('answers in the user\'s language', async () => {
    const { browser, valid } = await registerForm('kk');
    const page = await refused(() => browser.post('/register', { ...valid, iin: '123' }), 400);
    expect(page.$('#form-errors').text()).to.contain('ЖСН');
  });

  it('refuses names with HTML or bidi characters, and shows what was typed as text', async () => {
    for (const surname of ['<img src=x onerror=alert(1)>', 'Ахмет\u202Eова', 'Ахмет\u0000ова']) {
      const { browser, valid } = await registerForm();
      const page = await refused(() => browser.post('/register', { ...valid, surname }), 400);
      expect(page.$('img[src=x]').length).to.equal(0);
      if (surname.startsWith('<')) expect(page.text).to.contain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    }
  });

  it('refuses a 1 MB password with 413', async () => {
    const { browser, valid } = await registerForm();
    const page = await refused(() => browser.post('/register', { ...valid, password: 'x'.repeat(1024 * 1024), passwordConfirm: 'x' }), 413);
    expect(page.$('h1').text()).to.equal('Too large');
  });

  it('refuses a common password and a mismatched confirmation', async () => {
    const { browser, valid } = await registerForm();
    const common = await refused(() => browser.post('/register', { ...valid, password: 'password123', passwordConfirm: 'password123' }), 400);
    expect(common.$('#form-errors').text()).to.contain('too common');
    const ru = await registerForm('ru');
    const short = await refused(() => ru.browser.post('/register', { ...ru.valid, password: 'кротко', passwordConfirm: 'кротко' }), 400);
    // the message names its field already: the list does not say "Пароль: Пароль должен…"
    expect(short.$('#form-errors li').first().text().trim()).to.match(/^Пароль должен/);
    const mismatch = await refused(() => browser.post('/register', { ...valid, passwordConfirm: `${PASSWORD}x` }), 400);
    expect(mismatch.$('#form-errors').text()).to.contain('do not match');
  });

  it('names every problem of a registration at once: a missing name beside a wrong check digit and a mismatched confirmation', async () => {
    const { browser, valid } = await registerForm();
    const wrongDigit = valid.iin.slice(0, 11) + String((Number(valid.iin[11]) + 1) % 10);
    const page = await refused(() => browser.post('/register', { ...valid, iin: wrongDigit, surname: '', passwordConfirm: `${PASSWORD}x` }), 400);
    const errors = page.$('#form-errors').text();
    expect(errors).to.contain('Surname');
    expect(errors).to.contain('do not match');
    expect(page.$('#f-iin').attr('aria-invalid')).to.equal('true');
    expect(page.$('#f-passwordConfirm').attr('aria-invalid')).to.equal('true');
    expect(page.$('#f-surname').attr('aria-invalid')).to.equal('true');
    // the page shows what was typed (an IIN): no browser or proxy keeps it
    expect(page.headers.get('cache-control')).to.equal('no-store');
    // in the form's order, each a link to its field
    expect(page.$('#form-errors li a').toArray().map((a) => page.$(a).attr('href'))).to.deep.equal(['#f-iin', '#f-surname', '#f-passwordConfirm']);
  });

  it('takes an IIN typed in groups or with a dash as its twelve digits', async () => {
    const { browser, valid } = await registerForm();
    const grouped = `${valid.iin.slice(0, 4)} ${valid.iin.slice(4, 8)} ${valid.iin.slice(8)}`;
    expect((await browser.post('/register', { ...valid, iin: grouped })).status).to.equal(303);
    expect(await userModel(server.db).countDocuments({ iin: valid.iin })).to.equal(1);
  });

  it('answers a taken IIN or email as it answers a new one, creates no second account and mails the owner (M4)', async () => {
    const existing = await createUser(server.db);
    const fresh = await registerForm();
    const answer = await fresh.browser.post('/register', fresh.valid);
    expect(answer.status).to.equal(303);
    const newDone = (await fresh.browser.get(answer.location!)).$('main').text();
    for (const taken of [{ iin: existing.iin }, { email: existing.email }]) {
      const before = mailCount(server.config.dataDir, existing.email);
      const { browser, valid } = await registerForm();
      const page = await browser.post('/register', { ...valid, ...taken });
      expect(page.status).to.equal(303);
      expect(page.location).to.match(/\/register\/done$/);
      const done = await browser.get(page.location!);
      expect(done.$('main').text(), 'the same page as for a new account').to.equal(newDone);
      const mail = await nextMail(server.config.dataDir, existing.email, before);
      expect(mail.text).to.contain('/password/forgot');
      expect(await userModel(server.db).countDocuments(taken)).to.equal(1);
    }
  });
});
