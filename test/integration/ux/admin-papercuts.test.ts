import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, mailCount, makeIin, signIn } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('papercuts: the admin role form', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('lets only a national admin grant or remove the coordinator role', async () => {
    const regional = await createUser(server.db, { role: 'admin', regionScope: 'astana', region: 'astana' });
    const teacher = await createUser(server.db, { region: 'astana' });
    const browser = await signIn(server.url, regional.email, regional.password);
    // the list shows an IIN by its last four digits; the teacher's own page shows it whole
    const list = await browser.get('/admin/users?lang=en');
    expect(list.text).to.contain(`********${teacher.iin.slice(-4)}`).and.not.contain(teacher.iin);
    // a search is kept while the admin works, until the form's "Clear search"
    await browser.post('/admin/users', { _csrf: Browser.csrf(list), q: 'no such person at all' });
    const searched = await browser.get('/admin/users?lang=en');
    expect(searched.$('tbody tr')).to.have.length(0);
    await browser.post('/admin/users', { _csrf: Browser.csrf(searched), q: 'no such person at all', clear: '1' });
    expect((await browser.get('/admin/users?lang=en')).$('tbody tr').length).to.be.above(0);
    const form = await browser.get(`/admin/users/${teacher.doc._id}?lang=en`);
    expect(form.text).to.contain(teacher.iin);
    expect(form.$('select[name=role] option').map((_i, o) => form.$(o).attr('value')).get()).to.deep.equal(['teacher']);
    const refused = await browser.post(`/admin/users/${teacher.doc._id}?lang=en`, { _csrf: Browser.csrf(form), role: 'coordinator', status: 'active' });
    expect(refused.status).to.equal(403);
    expect(refused.text).to.contain('Only a national administrator');
    expect((await userModel(server.db).findById(teacher.doc._id).lean())?.role).to.equal('teacher');

    const national = await createUser(server.db, { role: 'admin', regionScope: null });
    const nb = await signIn(server.url, national.email, national.password);
    const nform = await nb.get(`/admin/users/${teacher.doc._id}`);
    expect(nform.$('.scope-field select[name=regionScope]').length).to.equal(1);
    const done = await nb.post(`/admin/users/${teacher.doc._id}`, { _csrf: Browser.csrf(nform), role: 'coordinator', regionScope: '', status: 'active' });
    expect(done.status).to.equal(303);
    expect((await userModel(server.db).findById(teacher.doc._id).lean())?.role).to.equal('coordinator');
    // a coordinator is out of a regional admin's reach (they administer their region's teachers)
    expect((await browser.get(`/admin/users/${teacher.doc._id}`)).status).to.equal(404);
    const demote = await browser.post(`/admin/users/${teacher.doc._id}`, { _csrf: Browser.csrf(form), role: 'teacher', status: 'active' });
    expect(demote.status).to.equal(404);
    expect((await userModel(server.db).findById(teacher.doc._id).lean())?.role).to.equal('coordinator');
  });

  it('shows the last sign-in, corrects name and email, resends the set-password link, lists enrolments', async () => {
    const admin = await createUser(server.db, { role: 'admin', regionScope: null });
    const teacher = await createUser(server.db, { region: 'astana' });
    const browser = await signIn(server.url, admin.email, admin.password);
    await (await signIn(server.url, teacher.iin, teacher.password)).get('/learn');
    const id = String(teacher.doc._id);
    const page = await browser.get(`/admin/users/${id}?lang=en`);
    expect(page.text).to.contain('Last sign-in');
    expect(page.$('time').length, 'a recorded sign-in').to.be.greaterThan(0);
    expect(page.text).to.contain('Not enrolled in any course.');

    const badEmail = await browser.post(`/admin/users/${id}/details?lang=en`, { _csrf: Browser.csrf(page), surname: '', givenName: 'Дана', email: 'not-an-email' });
    expect(badEmail.status).to.equal(400);
    expect(badEmail.$('#f-email').attr('aria-invalid')).to.equal('true');
    const email = `fixed${teacher.iin}@example.kz`;
    const saved = await browser.post(`/admin/users/${id}/details`, { _csrf: Browser.csrf(page), surname: 'Ахметова', givenName: 'Дана', patronymic: '', email });
    expect(saved.status).to.equal(303);
    const stored = await userModel(server.db).findById(id).lean();
    expect([stored?.surname, stored?.email]).to.deep.equal(['Ахметова', email]);
    // a new email hands the account to its holder: the old password no longer signs in, a link is to be sent
    const login = new Browser(server.url);
    expect((await login.post('/login', { _csrf: Browser.csrf(await login.get('/login')), login: email, password: teacher.password })).status).to.equal(401);

    const before = mailCount(server.config.dataDir, email);
    const sent = await browser.post(`/admin/users/${id}/set-link`, { _csrf: Browser.csrf(page) });
    expect(sent.status).to.equal(303);
    const list = await browser.get('/admin/users?lang=en');
    expect(list.$('th').text()).to.contain('Last sign-in');
    for (let i = 0; i < 50 && mailCount(server.config.dataDir, email) === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(mailCount(server.config.dataDir, email)).to.equal(before + 1);
  });

  it('creates a teacher by hand inside the admin\'s region, refusing a future IIN, and mails a set-password link', async () => {
    const regional = await createUser(server.db, { role: 'admin', regionScope: 'astana', region: 'astana' });
    const browser = await signIn(server.url, regional.email, regional.password);
    const form = await browser.get('/admin/users/new?lang=en');
    expect(form.$('select[name=region] option[value]').map((_i, o) => form.$(o).attr('value')).get().filter(Boolean)).to.deep.equal(['astana']);
    const iin = makeIin();
    const fields = { _csrf: Browser.csrf(form), iin: '990101600018', email: `new${iin}@example.kz`, surname: 'Ахметова', givenName: 'Дана', region: 'astana' };
    const refused = await browser.post('/admin/users/new?lang=en', fields);
    expect(refused.status).to.equal(400);
    const outside = await browser.post('/admin/users/new', { ...fields, iin, region: 'almaty' });
    expect(outside.status).to.equal(400);
    const created = await browser.post('/admin/users/new', { ...fields, iin });
    expect(created.status).to.equal(303);
    const stored = await userModel(server.db).findOne({ iin }).lean();
    expect([stored?.role, stored?.region, stored?.passwordHash]).to.deep.equal(['teacher', 'astana', null]);
    for (let i = 0; i < 50 && mailCount(server.config.dataDir, fields.email) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(mailCount(server.config.dataDir, fields.email)).to.equal(1);
    // both the IIN and the email taken: both said at once
    const twice = await browser.post('/admin/users/new?lang=en', { ...fields, iin, _csrf: Browser.csrf(await browser.get('/admin/users/new')) });
    expect(twice.status).to.equal(409);
    expect(twice.$('#f-iin').attr('aria-invalid')).to.equal('true');
    expect(twice.$('#f-email').attr('aria-invalid')).to.equal('true');
    // a bad check digit beside a taken email: both said at once
    const badDigit = `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`;
    const both = await browser.post('/admin/users/new?lang=en', { ...fields, iin: badDigit, _csrf: Browser.csrf(await browser.get('/admin/users/new')) });
    expect(both.status).to.equal(400);
    expect(both.$('#form-errors').text()).to.contain('check digit');
    expect(both.$('#f-email').attr('aria-invalid')).to.equal('true');
  });
});
