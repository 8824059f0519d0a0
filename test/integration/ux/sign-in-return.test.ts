import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, makeIin, PASSWORD } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

const html = { accept: 'text/html,application/xhtml+xml' };

describe('papercuts: sign-in with a way back, landing on My learning, the favicon', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('sends a browser without a session to the sign-in form with next=, explains why, and returns it there', async () => {
    const user = await createUser(server.db);
    const browser = new Browser(server.url, html);
    const refused = await browser.get('/learn/catalogue?lang=en');
    expect(refused.status).to.equal(303);
    expect(refused.location).to.equal(`/login?next=${encodeURIComponent('/learn/catalogue?lang=en')}`);
    const form = await browser.get(refused.location!);
    expect(form.status).to.equal(200);
    expect(form.$('input[name=next]').val()).to.equal('/learn/catalogue?lang=en');
    expect(form.$('.notice[role=status]').text()).to.contain('you will return to the page');
    const signedIn = await browser.post('/login', { _csrf: Browser.csrf(form), login: user.email, password: user.password, next: '/learn/catalogue?lang=en' });
    expect(signedIn.status).to.equal(303);
    expect(signedIn.location).to.equal('/learn/catalogue?lang=en');
  });

  it('keeps 401 for API callers and posts, so a quiz autosave can say the session ended', async () => {
    const browser = new Browser(server.url);
    expect((await browser.get('/profile')).status).to.equal(401);
    const json = await browser.request('GET', '/profile', { headers: { accept: 'application/json' } });
    expect(json.status).to.equal(401);
  });

  it('lands a teacher on My learning after sign-in, staff on the home page', async () => {
    const teacher = await createUser(server.db);
    const browser = new Browser(server.url, html);
    const form = await browser.get('/login');
    const page = await browser.post('/login', { _csrf: Browser.csrf(form), login: teacher.email, password: teacher.password });
    expect(page.location).to.equal('/learn');
    const admin = await createUser(server.db, { role: 'admin' });
    const other = new Browser(server.url, html);
    const form2 = await other.get('/login');
    expect((await other.post('/login', { _csrf: Browser.csrf(form2), login: admin.email, password: admin.password })).location).to.equal('/');
  });

  it('refuses a next= that leaves the site', async () => {
    const teacher = await createUser(server.db);
    const browser = new Browser(server.url, html);
    const form = await browser.get('/login?next=//evil.example/x');
    expect(form.$('input[name=next]').length).to.equal(0);
    const page = await browser.post('/login', { _csrf: Browser.csrf(form), login: teacher.email, password: teacher.password, next: 'https://evil.example/' });
    expect(page.location).to.equal('/learn');
  });

  it('serves /favicon.ico on every page', async () => {
    const icon = await new Browser(server.url).get('/favicon.ico');
    expect(icon.status).to.equal(200);
    expect(icon.headers.get('content-type')).to.match(/icon/);
    const home = await new Browser(server.url).get('/');
    expect(home.$('link[rel=icon]').attr('href')).to.equal('/favicon.ico');
  });

  it('refuses a registration without consent to the processing of personal data, and links the privacy page', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/register?lang=ru');
    expect(form.$('a[href="/privacy"]').length).to.be.greaterThan(0);
    expect(form.$('#f-consent').attr('required')).to.not.equal(undefined);
    const iin = makeIin();
    const fields = { _csrf: Browser.csrf(form), iin, email: `consent${iin}@example.kz`, surname: 'Ахметова', givenName: 'Дана', region: 'astana', password: PASSWORD, passwordConfirm: PASSWORD };
    const refused = await browser.post('/register', fields);
    expect(refused.status).to.equal(400);
    expect(refused.$('#form-errors').text()).to.contain('Я согласен(на)');
    expect(refused.$('#f-consent').attr('aria-invalid')).to.equal('true');
    expect(await userModel(server.db).countDocuments({ iin })).to.equal(0);
    const forged = await browser.post('/register', { ...fields, _csrf: Browser.csrf(refused), consent: 'no' });
    expect(forged.status).to.equal(400);
    const accepted = await browser.post('/register', { ...fields, _csrf: Browser.csrf(forged), consent: 'yes' });
    expect(accepted.status).to.equal(303);
    expect(await userModel(server.db).countDocuments({ iin })).to.equal(1);
  });

  for (const [lang, heading] of [['kk', 'Не сақталады'], ['ru', 'Что хранится'], ['en', 'What is stored']] as const) {
    it(`serves the privacy page to anyone in ${lang}`, async () => {
      const page = await new Browser(server.url).get(`/privacy?lang=${lang}`);
      expect(page.status).to.equal(200);
      expect(page.$('h2').first().text()).to.equal(heading);
      expect(page.$('h2').length).to.equal(5);
    });
  }
});
