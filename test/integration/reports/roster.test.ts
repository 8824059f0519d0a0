import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createUser, signIn } from '../../helpers/users.ts';
import type { Browser } from '../../helpers/browser.ts';
import type { OwnServer } from './own-server.ts';
import { download, rosterFixture } from './roster-fixture.ts';
import { exportAudit } from '../../../server/reports/export-audit.ts';
import { Types } from 'mongoose';

describe('rosters, exports and the dashboard', function () {
  this.timeout(120_000);
  let server: OwnServer;
  let regional: Browser;
  let national: Browser;

  before(async () => {
    ({ server, regional, national } = await rosterFixture('reports'));
  });
  after(async () => server.close());

  it('shows a regional admin only their region, and refuses another region or tampered parameters', async () => {
    const page = await regional.get('/reports/roster?lang=en');
    expect(page.status).to.equal(200);
    expect(page.$('[data-standing]').length).to.be.greaterThan(0);
    expect(page.text).to.not.contain('Сейітқали');
    expect((await regional.get('/reports/roster?region=astana')).status).to.equal(403);
    expect((await regional.get('/reports/roster?region=astana&region=almaty')).status).to.equal(400);
    expect((await regional.get('/reports/roster?region%5B%24ne%5D=x')).status).to.equal(400);
  });

  it('opens in LibreOffice with Kazakh names intact, IINs with their leading zero and planted formulas as text', async function () {
    if (spawnSync('soffice', ['--version']).status !== 0) this.skip(); // .ci/run installs it
    this.timeout(180_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'qorgau-lo-'));
    try {
      // LibreOffice as a user opens each: the CSV as UTF-8 text with its defaults otherwise, the XLSX as is
      const opened = async (format: 'csv' | 'xlsx', infilter: string[]) => {
        writeFileSync(path.join(dir, `roster.${format}`), (await download(server, national, `/reports/roster.${format}?lang=kk`)).body);
        const out = path.join(dir, format);
        execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', ...infilter, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, path.join(dir, `roster.${format}`)], { timeout: 120_000, stdio: 'ignore' });
        return readFileSync(path.join(out, 'roster.csv'), 'utf8');
      };
      for (const text of [await opened('csv', ['--infilter=Text - txt - csv (StarCalc):44,34,76']), await opened('xlsx', [])]) {
        expect(text).to.match(/(^|\n)05031550\d{4},/);
        expect(text).to.contain('Әйгерім Қайратқызы');
        expect(text).to.contain('Сейітқали0 Өмірзақ');
        expect(text).to.contain('=HYPERLINK(');
        expect(text).to.not.match(/(^|\n)5031550\d{4},/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports CSV with a BOM, inert formula cells, 12-digit IINs with their leading zero, and no other region\'s row', async () => {
    for (const path of ['/reports/roster.csv?lang=kk', '/reports/roster.csv?region=almaty&lang=kk']) {
      const res = await download(server, regional, path);
      expect(res.status).to.equal(200);
      expect(res.type).to.contain('text/csv');
      expect([...res.body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const text = res.body.toString('utf8');
      expect(text).to.contain('\r\n');
      expect(text).to.not.contain('Сейітқали');
      expect(text).to.not.contain('Астана');
      // the one formula: ="<12 digits>", kept as text by Excel and LibreOffice (export-csv.ts)
      expect(text).to.match(/"=""05031550\d{4}"""/);
      expect(text).to.contain(`'=HYPERLINK(`);
      expect(text).to.contain(`'+Әуезов ауданы`);
      expect(text).to.contain(`'@№ 15 мектеп`);
      expect(text).to.contain(`'-мұғалім`);
      for (const line of text.slice(1).split('\r\n').filter(Boolean)) for (const cell of line.split(',')) if (!/^"=""\d{12}"""$/.test(cell)) expect(cell.replace(/^"/, '')).to.not.match(/^[=+\-@\t\r]/);
    }
    expect((await download(server, regional, '/reports/roster.csv?region=astana')).status).to.equal(403);
  });

  it("exports the rows in the page's order: by name in the Kazakh alphabet, or the sort chosen on the page", async () => {
    const names = async (query: string) => {
      const res = await download(server, regional, `/reports/roster.csv?${query}`);
      expect(res.status).to.equal(200);
      const rows = parse(res.body.toString('utf8').slice(1), { from_line: 2 }) as string[][];
      return rows.map((r) => r[1]!.split(' ')[0]!);
    };
    const alphabet = ["'=HYPERLINK(\"http://evil.example\",\"x\")", 'Әбдібеков', 'Нұрланов', 'Ұлықбеков'];
    expect(await names('lang=kk')).to.deep.equal(alphabet);
    expect(await names('lang=kk&sort=name&dir=desc')).to.deep.equal([...alphabet].reverse());
    // the page links its files with its own order
    const page = await regional.get('/reports/roster?sort=name&dir=desc');
    const csv = page.$('a[href*="roster.csv"]').attr('href')!;
    expect(new URL(csv, server.url).searchParams.get('dir')).to.equal('desc');
    expect((await download(server, regional, '/reports/roster.csv?sort=size')).status).to.equal(400);
  });

  it('exports XLSX that exceljs reads back with Kazakh names and IINs as text', async () => {
    const res = await download(server, national, '/reports/roster.xlsx?lang=kk');
    expect(res.status).to.equal(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).to.equal(9);
    expect(sheet.getRow(1).getCell(1).value).to.equal('ЖСН');
    const names = sheet.getColumn(2).values.slice(2).map(String);
    expect(names.some((n) => n.includes('Сейітқали0 Өмірзақ'))).to.equal(true);
    const iins = sheet.getColumn(1).values.slice(2);
    expect(iins.every((v) => typeof v === 'string' && /^\d{12}$/.test(v))).to.equal(true);
    expect(iins.some((v) => String(v).startsWith('0'))).to.equal(true);
    expect(sheet.views[0]?.state).to.equal('frozen');
  });

  it('refuses exports to teachers and coordinators', async () => {
    for (const role of ['teacher', 'coordinator'] as const) {
      const user = await createUser(server.db, { role });
      const browser = await signIn(server.url, user.iin, user.password);
      expect((await download(server, browser, '/reports/roster.csv')).status).to.equal(403);
      expect((await download(server, browser, '/reports/roster.xlsx')).status).to.equal(403);
    }
  });

  it('answers bad filters with a 400 in the user\'s language', async () => {
    const reversed = await national.get('/reports/roster?from=2026-05-01&to=2026-01-01&lang=ru');
    expect(reversed.status).to.equal(400);
    expect(reversed.text).to.contain('Дата окончания раньше даты начала');
    expect((await national.get('/reports/roster?from=2010-01-01&to=2026-01-01')).status).to.equal(400);
    expect((await national.get('/reports/roster?district=Nowhere')).status).to.equal(400);
    expect((await national.get('/reports/roster?standing=great')).status).to.equal(400);
    expect((await national.get('/reports/roster?course=no-such-course')).status).to.equal(400);
    expect((await national.get('/reports/roster?sneaky=1')).status).to.equal(400);
  });

  it('shows on the dashboard the roster\'s totals for the same filters', async () => {
    for (const [browser, query] of [[national, ''], [national, 'region=astana'], [regional, '']] as const) {
      const roster = await browser.get(`/reports/roster?${query}`);
      const dashboard = await browser.get(`/reports/dashboard?${query}`);
      expect(dashboard.status).to.equal(200);
      const counts = (page: typeof roster, sel: string) => Object.fromEntries(page.$(sel).toArray().map((el) => [page.$(el).attr('data-standing'), Number(page.$(el).text())]));
      expect(counts(dashboard, '#mix-table td[data-standing]')).to.deep.equal(counts(roster, '.totals strong[data-standing]'));
      expect(dashboard.$('svg').length).to.equal(4);
    }
  });

  it('shows a teacher their own transcript and an admin only those in scope', async () => {
    const teacher = await createUser(server.db, { region: 'astana', surname: 'Жұмабаева', givenName: 'Ұлжан' });
    const browser = await signIn(server.url, teacher.iin, teacher.password);
    const own = await browser.get('/transcript?lang=kk');
    expect(own.status).to.equal(200);
    expect(own.text).to.contain('Жұмабаева Ұлжан');
    expect(own.$('[data-standing]').attr('data-standing')).to.equal('not-started');
    const pdf = await download(server, browser, '/transcript.pdf');
    expect(pdf.body.subarray(0, 5).toString()).to.equal('%PDF-');
    // each requirement says in words whether it is met (the font has no ✓ or ✗: they printed as boxes)
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf.body, encoding: 'utf8' });
    expect(text).to.match(/QS-1 — [^\n]+: Әлі орындалмаған/).and.not.match(/[✓✗]/);
    const csv = await download(server, browser, '/transcript.csv');
    expect([...csv.body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const id = String(teacher.doc._id);
    expect((await browser.get(`/reports/teachers/${id}`)).status).to.equal(403);
    expect((await regional.get(`/reports/teachers/${id}`)).status).to.equal(404);
    expect((await national.get(`/reports/teachers/${id}`)).status).to.equal(200);
  });

  it('answers a crowd of transcript views of a teacher with no row yet, each with the page, and stores one row', async () => {
    const teacher = await createUser(server.db, { region: 'astana', surname: 'Қасымова', givenName: 'Гүлнұр' });
    const id = String(teacher.doc._id);
    const standings = server.db.db!.collection('standings');
    // the row the accounts listener writes, taken away: a crash before the listener, a script's write
    for (let i = 0; i < 100 && !(await standings.countDocuments({ _id: id as never })); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await standings.deleteOne({ _id: id as never })).deletedCount).to.equal(1);
    const browser = await signIn(server.url, teacher.iin, teacher.password);
    // the teacher's taps and an admin's views at once: each computes the row if it finds none
    const views = await Promise.all([...Array.from({ length: 12 }, () => browser.get('/transcript?lang=kk')), ...Array.from({ length: 4 }, () => national.get(`/reports/teachers/${id}?lang=kk`))]);
    expect(views.map((v) => v.status)).to.deep.equal(views.map(() => 200));
    for (const view of views) expect(view.text).to.contain('Қасымова Гүлнұр');
    expect(await standings.countDocuments({ _id: id as never })).to.equal(1);
  });

  it('writes every export to a log that national admins read', async () => {
    await download(server, regional, `/reports/roster.csv?district=${encodeURIComponent('Бостандық ауданы')}&standing=not-started`);
    const log = await national.get('/reports/exports?lang=en');
    expect(log.status).to.equal(200);
    expect(log.$('tbody tr').length).to.be.at.least(3);
    // a HEAD builds nothing and is not logged as an export
    const logged = log.$('tbody tr').length;
    const head = await fetch(`${server.url}/reports/roster.xlsx`, { method: 'HEAD', headers: { cookie: [...national.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(head.status).to.equal(200);
    expect(head.headers.get('content-disposition')).to.contain('.xlsx');
    expect((await national.get('/reports/exports?lang=en')).$('tbody tr').length).to.equal(logged);
    // the time in Kazakhstan, as Russian writes it
    expect((await national.get('/reports/exports?lang=ru')).$('tbody tr').first().find('td').first().text()).to.match(/^\d{1,2} [а-я]+\.? \d{4} г\., \d{2}:\d{2}:\d{2}$/);
    // the filters as a reader reads them, not percent-encoded
    expect(log.$('tbody tr').first().find('code').text()).to.equal('Region: Almaty city; District: Бостандық ауданы; Standing: Not started');
    expect((await regional.get('/reports/exports')).status).to.equal(403);
  });

  it('reads the newest exports of the log first, as many as asked, each by its number', async () => {
    const audit = exportAudit(server.db);
    const years = [2101, 2104, 2102, 2105, 2103];
    for (const year of years) await audit.start({ actorId: 'a', actorName: `export of ${year}`, scope: null, filters: {}, format: 'csv', via: 'cli', startedAt: new Date(Date.UTC(year, 0, 1)) });
    // in the order the log received them (a server's clock may run behind another's)
    expect((await audit.recent(3)).map((e) => e.actorName)).to.deep.equal(['export of 2103', 'export of 2105', 'export of 2102']);
    expect((await audit.recent(2, 3)).map((e) => e.actorName)).to.deep.equal(['export of 2104', 'export of 2101']);
    // two exports starting at once take two numbers; a server started later finds the newest
    const [a, b] = await Promise.all([0, 1].map((i) => exportAudit(server.db).start({ actorId: 'a', actorName: `racing ${i}`, scope: null, filters: {}, format: 'csv', via: 'cli', startedAt: new Date() })));
    expect(a).to.match(/^e:\d+$/);
    expect(Math.abs(Number(a!.slice(2)) - Number(b!.slice(2)))).to.equal(1);
    expect((await exportAudit(server.db).recent(2)).map((e) => e.actorName).sort()).to.deep.equal(['racing 0', 'racing 1']);
    // the page shows 30 at a time, newest first, with a link to the older ones
    for (let i = 0; i < 30; i += 1) await audit.start({ actorId: 'a', actorName: `bulk ${i}`, scope: null, filters: {}, format: 'csv', via: 'cli', startedAt: new Date(Date.UTC(2100, 0, 1, 0, i)) });
    const first = await national.get('/reports/exports?lang=en');
    expect(first.$('tbody tr')).to.have.length(30);
    expect(first.$('tbody tr').first().text()).to.contain('bulk 29');
    expect(first.$('tbody tr').last().text()).to.contain('bulk 0');
    const older = await national.get(first.$('a[rel=next]').attr('href')!);
    expect(older.$('tbody tr').first().text()).to.contain('racing');
    expect(older.$('a[rel=prev]').length).to.equal(1);
    expect((await national.get('/reports/exports?page=0')).status).to.equal(400);
    // an entry written before the log was numbered (under an ObjectId) follows the numbered ones
    await server.db.collection('export_audit').insertOne({ _id: new Types.ObjectId(), actorId: 'a', actorName: 'before the numbering', scope: null, filters: {}, format: 'csv', via: 'web', startedAt: new Date(Date.UTC(2020, 0, 1)), finishedAt: new Date(Date.UTC(2020, 0, 1)), rows: 3, status: 'done' });
    const whole = await exportAudit(server.db).recent(1_000);
    expect(whole.at(-1)!.actorName).to.equal('before the numbering');
    expect(whole.slice(0, -1).every((e) => typeof e._id === 'string')).to.equal(true);
    expect(new Set(whole.map((e) => String(e._id))).size).to.equal(whole.length);
    const numbers = whole.slice(0, -1).map((e) => Number(String(e._id).slice(2)));
    expect(numbers).to.deep.equal([...numbers].sort((x, y) => y - x));
    expect(numbers.at(-1)).to.equal(1);
  });
});
