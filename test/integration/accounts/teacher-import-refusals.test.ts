import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { teacherLines, toCsv, type TeacherLine } from '../../helpers/import-files.ts';
import { check, commit, fact, mailDone, uploadFile, usersWith } from '../../helpers/teacher-import.ts';
import { userModel } from '../../../server/accounts/user.model.ts';
import { importBatchModel } from '../../../server/accounts/import/import-batch.model.ts';

describe('bulk teacher import', () => {
  let server: TestServer;
  let admin: Browser;
  before(async () => {
    server = await startTestServer();
    const user = await createUser(server.db, { role: 'admin', regionScope: null });
    admin = await signIn(server.url, user.email, user.password);
  });
  after(() => server.close());

  it('refuses a file without the required columns, or with an unknown one, as a whole', async () => {
    const form = await admin.get('/admin/import?lang=en');
    const missing = await uploadFile(admin, 'iin,email\r\n123,a@b.kz\r\n', 'x.csv', Browser.csrf(form));
    expect(missing.status).to.equal(400);
    expect(missing.$('[role=alert]').text()).to.contain('Required columns are missing: surname, given_name, region');
    const unknown = await uploadFile(admin, toCsv(teacherLines(1), ['iin', 'email', 'surname', 'given_name', 'region', 'salary']), 'x.csv', Browser.csrf(form));
    expect(unknown.status).to.equal(400);
    expect(unknown.$('[role=alert]').text()).to.contain('Unknown columns: salary');
  });

  it('refuses a wrong file type, a missing CSRF token and an oversize file with 4xx, storing nothing', async () => {
    const batches = () => importBatchModel(server.db).countDocuments({});
    const before = await batches();
    const form = await admin.get('/admin/import?lang=en');
    const csrf = Browser.csrf(form);
    const pdf = await uploadFile(admin, Buffer.from('%PDF-1.7\n\0\0binary'), 'teachers.csv', csrf);
    expect(pdf.status).to.equal(400);
    expect(pdf.$('[role=alert]').text()).to.contain('neither a CSV nor an XLSX');
    const cp1251 = await uploadFile(admin, Buffer.from([0x69, 0x69, 0x6e, 0x0a, 0xd1, 0xe0, 0xf0]), 'win.csv', csrf);
    expect(cp1251.status).to.equal(400);
    expect(cp1251.$('[role=alert]').text()).to.contain('not in UTF-8');
    const fakeZip = await uploadFile(admin, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'x.xlsx', csrf);
    expect(fakeZip.status).to.equal(400);
    const lines = teacherLines(2);
    const noCsrf = await uploadFile(admin, toCsv(lines), 'a.csv');
    expect(noCsrf.status).to.equal(403);
    const huge = await uploadFile(admin, Buffer.alloc(10 * 1024 * 1024 + 10, 0x61), 'big.csv', csrf);
    expect(huge.status).to.equal(413);
    expect(huge.$('[role=alert]').text()).to.contain('larger than 10 MB');
    const none = await admin.request('POST', '/admin/import', { body: (() => { const f = new FormData(); f.append('_csrf', csrf); return f; })() });
    expect(none.status).to.equal(400);
    expect(await batches()).to.equal(before);
    expect(await usersWith(server.db, lines)).to.have.length(0);
  });

  it('commits a batch once when two commits race, and leads both to the report', async () => {
    const lines = teacherLines(3);
    const { report, path } = await check(admin, toCsv(lines), 'race.csv');
    const csrf = Browser.csrf(report);
    const results = await Promise.all([admin.post(path, { _csrf: csrf }), admin.post(`${path}?lang=en`, { _csrf: csrf })]);
    expect(results.map((r) => [r.status, r.location])).to.deep.equal([[303, path], [303, path]]);
    expect(await usersWith(server.db, lines)).to.have.length(3);
    // the later one says it was done already
    const again = await admin.post(`${path}?lang=en`, { _csrf: csrf });
    expect(again.status).to.equal(303);
    expect((await admin.get(`${path}?lang=en`)).$('.notice-info').length).to.equal(1);
  });

  it('keeps a regional admin to their region', async () => {
    const regional = await createUser(server.db, { role: 'admin', regionScope: 'pavlodar', region: 'pavlodar' });
    const browser = await signIn(server.url, regional.email, regional.password);
    const elsewhere = await createUser(server.db, { region: 'astana' });
    const mine = teacherLines(2, { region: 'pavlodar' });
    const lines: Partial<TeacherLine>[] = [...mine, teacherLines(1, { region: 'astana' })[0]!, { ...teacherLines(1, { region: 'Павлодар облысы' })[0], iin: elsewhere.iin, email: elsewhere.email }];
    const { report, path } = await check(browser, toCsv(lines), 'p.csv');
    expect(fact(report, 'Rows with problems')).to.equal('2');
    expect(report.text).to.contain('your own region only');
    expect(report.text).to.contain('cannot be imported in your scope');
    await commit(browser, report, path);
    expect(await usersWith(server.db, mine)).to.have.length(2);
    const untouched = await userModel(server.db).findById(elsewhere.doc._id).lean();
    expect(untouched!.region).to.equal('astana');
    // and another admin cannot even see this upload
    expect((await admin.get(path)).status).to.equal(404);
  });

  it('never changes a coordinator or an administrator through an import', async () => {
    const coordinator = await createUser(server.db, { role: 'coordinator', surname: 'Бекова' });
    const line = { ...teacherLines(1)[0]!, iin: coordinator.iin, email: coordinator.email, surname: 'Басқа' };
    const { report, path } = await check(admin, toCsv([line]), 'c.csv');
    expect(report.text).to.contain('coordinator or an administrator');
    expect(report.$('form[action$="' + path + '"]').length, 'nothing to commit').to.equal(0);
    const stored = await userModel(server.db).findById(coordinator.doc._id).lean();
    expect(stored).to.include({ role: 'coordinator', surname: 'Бекова' });
  });

  it('answers 403 to a teacher and a coordinator on every import route', async () => {
    const { path } = await check(admin, toCsv(teacherLines(1)), 'z.csv');
    for (const role of ['teacher', 'coordinator'] as const) {
      const user = await createUser(server.db, { role });
      const browser = await signIn(server.url, user.email, user.password);
      const home = await browser.get('/profile');
      const csrf = Browser.csrf(home);
      for (const url of ['/admin/import', '/admin/import/template.csv', '/admin/import/template.xlsx', path]) {
        expect((await browser.get(url)).status, `GET ${url} as ${role}`).to.equal(403);
      }
      expect((await browser.post(path, { _csrf: csrf })).status).to.equal(403);
      expect((await uploadFile(browser, toCsv(teacherLines(1)), 'a.csv', csrf)).status).to.equal(403);
    }
    expect((await new Browser(server.url).get('/admin/import')).status).to.equal(401);
  });

  it('gives 2,000 users after importing a 2,000-row file twice', async function () {
    this.timeout(180_000);
    const lines = teacherLines(2_000);
    const csv = toCsv(lines);
    for (let i = 0; i < 2; i++) {
      const { report, path } = await check(admin, csv, 'big.csv');
      expect(fact(report, 'Rows with problems')).to.equal('0');
      await commit(admin, report, path);
      await mailDone(server.db, path, 120_000);
    }
    expect(await usersWith(server.db, lines)).to.have.length(2_000);
  });
});
