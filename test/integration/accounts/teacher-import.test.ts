import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, lastMail, makeIin, signIn } from '../../helpers/users.ts';
import { teacherLines, toCsv, toXlsx, type TeacherLine } from '../../helpers/import-files.ts';
import { bornIn2003, check, commit, fact, mailDone, usersWith } from '../../helpers/teacher-import.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

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
    const form = await teacher.get(link.pathname + link.search, true);
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

  it('shows a long list of problems fifty to a page', async () => {
    const lines = teacherLines(120).map((line) => ({ ...line, region: 'Атлантида' }));
    const { report } = await check(admin, toCsv(lines), 'many.csv');
    expect(fact(report, 'Rows with problems')).to.equal('120');
    expect(report.$('tbody tr')).to.have.length(50);
    expect(report.text.length).to.be.below(40_000);
    const second = await admin.get(report.$('a[rel=next]').attr('href')!);
    expect(second.status).to.equal(200);
    const third = await admin.get(second.$('a[rel=next]').attr('href')!);
    expect(third.$('tbody tr')).to.have.length(20);
    expect(third.$('a[rel=next]')).to.have.length(0);
    expect(third.$('tbody tr').first().find('td').first().text().trim()).to.equal('102');
  });
});
