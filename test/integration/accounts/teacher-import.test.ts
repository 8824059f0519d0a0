import { expect } from 'chai';
import mongoose from 'mongoose';
import ExcelJS from 'exceljs';
import { Browser, type Page } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, lastMail, makeIin, signIn } from '../../helpers/users.ts';
import { teacherLines, toCsv, toXlsx, type TeacherLine } from '../../helpers/import-files.ts';
import { userModel } from '../../../server/accounts/user.model.ts';
import { importBatchModel } from '../../../server/accounts/import/import-batch.model.ts';
import { iinCheckDigit } from '../../../server/accounts/iin.ts';
import { randomInt } from 'node:crypto';

const { trusted } = mongoose;

function bornIn2003(): string {
  for (;;) {
    const first11 = `030415${randomInt(5, 7)}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== undefined) return first11 + check;
  }
}

async function uploadFile(browser: Browser, file: Buffer | string, name: string, csrf?: string): Promise<Page> {
  const form = new FormData();
  if (csrf !== undefined) form.append('_csrf', csrf);
  form.append('file', new Blob([new Uint8Array(typeof file === 'string' ? Buffer.from(file, 'utf8') : file)]), name);
  return browser.request('POST', '/admin/import', { body: form });
}

/** Uploads through the real form and returns the report page it redirects to. */
async function check(browser: Browser, file: Buffer | string, name: string): Promise<{ report: Page; path: string }> {
  const form = await browser.get('/admin/import?lang=en');
  const posted = await uploadFile(browser, file, name, Browser.csrf(form));
  expect(posted.status, posted.$('[role=alert]').text()).to.equal(303);
  const path = new URL(posted.location!, browser.origin).pathname;
  return { report: await browser.get(path), path };
}

async function commit(browser: Browser, report: Page, path: string): Promise<Page> {
  const done = await browser.post(path, { _csrf: Browser.csrf(report) });
  expect(done.status).to.equal(303);
  return browser.get(path);
}

function fact(page: Page, label: string): string {
  return page.$(`dt:contains("${label}")`).next('dd').text().trim();
}

async function usersWith(db: mongoose.Connection, lines: readonly TeacherLine[]) {
  return userModel(db).find({ iin: trusted({ $in: lines.map((l) => l.iin) }) }).lean();
}

async function mailDone(db: mongoose.Connection, path: string, timeoutMs = 60_000): Promise<void> {
  const id = path.split('/').pop();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const batch = await importBatchModel(db).findById(id).lean();
    if (batch?.mail?.state === 'done') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the set-password mail was not sent in time');
}

describe('bulk teacher import', () => {
  let server: TestServer;
  let admin: Browser;
  before(async () => {
    server = await startTestServer();
    const user = await createUser(server.db, { role: 'admin', regionScope: null });
    admin = await signIn(server.url, user.email, user.password);
  });
  after(() => server.close());

  it('offers templates: a CSV with a byte-order mark and an XLSX with the columns and the regions', async () => {
    const page = await admin.get('/admin/import?lang=kk');
    expect(page.status).to.equal(200);
    expect(page.$('form[enctype="multipart/form-data"] input[type=file]').length).to.equal(1);
    const csv = await fetch(`${server.url}/admin/import/template.csv`, { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(csv.headers.get('content-disposition')).to.contain('attachment');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').trim()).to.equal('iin,email,surname,given_name,patronymic,region,district,school,position,lang');
    const xlsx = await fetch(`${server.url}/admin/import/template.xlsx?lang=kk`, { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.getRow(1).values).to.include('given_name');
    expect(workbook.worksheets[1]!.name).to.equal('Өңірлер');
    expect(JSON.stringify(workbook.worksheets[1]!.getSheetValues())).to.contain('Ұлытау облысы');
  });

  it('imports a CSV with Kazakh names: a report first, nothing saved, then teachers with working set-password links', async () => {
    const lines = teacherLines(5);
    const { report, path } = await check(admin, toCsv(lines), 'мұғалімдер.csv');
    expect(path).to.match(/^\/admin\/import\/[0-9a-f]{24}$/);
    expect(report.status).to.equal(200);
    expect(fact(report, 'New teachers')).to.equal('5');
    expect(fact(report, 'Rows with problems')).to.equal('0');
    expect(fact(report, 'File')).to.equal('мұғалімдер.csv');
    expect(await usersWith(server.db, lines), 'nothing is saved before the commit').to.have.length(0);

    const after = await commit(admin, report, path);
    expect(after.text).to.contain('Teachers created: 5');
    const users = await usersWith(server.db, lines);
    expect(users).to.have.length(5);
    const first = users.find((u) => u.iin === lines[0]!.iin)!;
    expect(first).to.include({ surname: 'Сәрсенбаева', givenName: 'Әйгерім', patronymic: 'Қайратқызы', region: 'almaty', role: 'teacher', status: 'active', passwordHash: null });
    expect(users.find((u) => u.iin === lines[1]!.iin)!.lang).to.equal('ru');

    await mailDone(server.db, path);
    const mail = await lastMail(server.config.dataDir, lines[0]!.email);
    expect(mail.subject).to.contain('Qorgau');
    expect(mail.text).to.contain('Әйгерім');
    const link = new URL(mail.link!);
    const teacher = new Browser(server.url);
    const form = await teacher.get(link.pathname + link.search);
    expect(form.status).to.equal(200);
    const password = 'Менің-жаңа-құпиясөзім-2026';
    const saved = await teacher.post('/password/reset', { _csrf: Browser.csrf(form), token: link.searchParams.get('token')!, password, passwordConfirm: password });
    expect(saved.status).to.equal(303);
    await signIn(server.url, lines[0]!.iin, password);
  });

  it('imports an XLSX file, keeping the leading zero of an IIN that Excel stored as a number', async () => {
    const lines = teacherLines(3, { region: 'Shymkent city' });
    lines[0]!.iin = bornIn2003(); // its IIN starts with 0
    const { report, path } = await check(admin, await toXlsx(lines, { iinAsNumber: true }), 'teachers.xlsx');
    expect(fact(report, 'New teachers')).to.equal('3');
    await commit(admin, report, path);
    const users = await usersWith(server.db, lines);
    expect(users.map((u) => u.region)).to.deep.equal(['shymkent', 'shymkent', 'shymkent']);
    expect(users.map((u) => u.iin)).to.include(lines[0]!.iin);
    expect(users.find((u) => u.iin === lines[0]!.iin)).to.include({ surname: 'Сәрсенбаева', givenName: 'Әйгерім' });
  });

  it('updates teachers by IIN on a second import and never creates duplicates', async () => {
    const lines = teacherLines(4);
    const first = await check(admin, toCsv(lines), 'a.csv');
    await commit(admin, first.report, first.path);
    const ids = (await usersWith(server.db, lines)).map((u) => String(u._id)).sort();

    const same = await check(admin, toCsv(lines), 'a.csv');
    expect(fact(same.report, 'Unchanged')).to.equal('4');
    expect(fact(same.report, 'New teachers')).to.equal('0');
    await commit(admin, same.report, same.path);

    const changed = lines.map((l, i) => (i === 0 ? { ...l, school: '№ 1 лицей', surname: 'Әбенова' } : l));
    const second = await check(admin, toCsv(changed), 'b.csv');
    expect(fact(second.report, 'Teachers to update')).to.equal('1');
    const after = await commit(admin, second.report, second.path);
    expect(after.text).to.contain('Teachers updated: 1');
    const users = await usersWith(server.db, lines);
    expect(users.map((u) => String(u._id)).sort()).to.deep.equal(ids);
    expect(users.find((u) => u.iin === lines[0]!.iin)).to.include({ school: '№ 1 лицей', surname: 'Әбенова', role: 'teacher' });
  });

  it('reports bad rows one by one and commits only the valid rows', async () => {
    const taken = await createUser(server.db);
    const good = teacherLines(2);
    const badIin = `${good[0]!.iin.slice(0, 11)}${(Number(good[0]!.iin[11]) + 1) % 10}`;
    const twice = makeIin();
    const bad: Partial<TeacherLine>[] = [
      { ...teacherLines(1)[0], iin: badIin },
      { ...teacherLines(1)[0], given_name: '<script>alert(1)</script>' },
      { ...teacherLines(1)[0], region: 'Атлантида' },
      { ...teacherLines(1)[0], iin: twice },
      { ...teacherLines(1)[0], iin: twice },
      { ...teacherLines(1)[0], email: taken.email },
      { ...teacherLines(1)[0], email: 'not-an-email' },
      { ...teacherLines(1)[0], surname: 'Ива\u202eнов' },
      { ...teacherLines(1)[0], iin: '１２３４５６７８９０１２' },
    ];
    const { report, path } = await check(admin, toCsv([...good, ...bad]), 'bad.csv');
    expect(fact(report, 'Rows with problems')).to.equal('9');
    const rows = report.$('tbody tr').toArray().map((tr) => report.$(tr).find('td').first().text().trim());
    expect([...new Set(rows)]).to.deep.equal(['4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(report.text).to.contain('check digit');
    expect(report.text).to.contain('appears more than once');
    expect(report.text).to.contain('already belongs to another user');
    expect(report.text).not.to.contain('<script>alert');
    for (const line of bad) if (line.iin) expect(report.text, 'no IIN in the report').not.to.contain(line.iin);
    expect(await usersWith(server.db, good)).to.have.length(0);
    await commit(admin, report, path);
    expect(await usersWith(server.db, good)).to.have.length(2);
    expect(await userModel(server.db).countDocuments({ iin: twice })).to.equal(0);
  });

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

  it('commits a batch once when two commits race', async () => {
    const lines = teacherLines(3);
    const { report, path } = await check(admin, toCsv(lines), 'race.csv');
    const csrf = Browser.csrf(report);
    const results = await Promise.all([admin.post(path, { _csrf: csrf }), admin.post(path, { _csrf: csrf })]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([303, 409]);
    expect(await usersWith(server.db, lines)).to.have.length(3);
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
