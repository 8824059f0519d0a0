// The roster's filters: a school found by any part of its name, a refused filter that drops only
// itself, labels on every error page, and the search carried to the roster's files and dashboard.
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { Browser } from '../../helpers/browser.ts';
import type { OwnServer } from './own-server.ts';
import { download, rosterFixture, zeroIin } from './roster-fixture.ts';

describe('the roster\'s filters and search', function () {
  this.timeout(120_000);
  let server: OwnServer;
  let regional: Browser;
  let national: Browser;

  before(async () => {
    ({ server, regional, national } = await rosterFixture('roster-filters'));
  });
  after(async () => server.close());

  it('finds a school by any part of its name, and shows the roster with what it could not apply', async () => {
    // typed with other spaces and case: «№ 7» finds every teacher of «№ 7»
    const typed = await regional.get(`/reports/roster?lang=kk&school=${encodeURIComponent('  №   7 ')}`);
    expect(typed.status).to.equal(200);
    expect(typed.$('tbody tr').length).to.equal(3);
    const refused = await regional.get(`/reports/roster?lang=ru&district=${encodeURIComponent('Нет такого района')}`);
    expect(refused.status).to.equal(400);
    expect(refused.$('form.filters').length, 'the form, to correct the filter').to.be.greaterThan(0);
    expect(refused.$('#form-errors').text()).to.contain('Район').and.not.contain('district');
    expect(refused.$('tbody tr').length, 'the roster without the filter').to.equal(4);
    // a day that does not exist is refused, not moved into the next month
    const march = await regional.get('/reports/roster?lang=en&from=2026-02-30');
    expect(march.status).to.equal(400);
    expect(march.$('#form-errors').text()).to.contain('Completed from');
    // the dashboard shows every standing: its link keeps the other filters only
    const byStanding = await regional.get('/reports/roster?standing=not-started&school=7');
    const dashboard = byStanding.$('main a[href^="/reports/dashboard?"]').attr('href')!;
    expect(new URL(dashboard, server.url).searchParams.get('standing')).to.equal(null);
    expect(new URL(dashboard, server.url).searchParams.get('school')).to.equal('7');
    // a school typed without its space: «№7» finds «№ 7»
    expect((await regional.get(`/reports/roster?school=${encodeURIComponent('№7')}`)).$('tbody tr').length).to.equal(3);
  });

  it('keeps every filter it could apply when one cannot be, and names filters by their labels on the dashboard and a file too', async () => {
    const page = await national.get(`/reports/roster?lang=en&region=almaty&district=${encodeURIComponent('Нет такого района')}&standing=not-started`);
    expect(page.status).to.equal(400);
    expect(page.$('#f-region option[selected]').val()).to.equal('almaty');
    expect(page.$('#f-standing option[selected]').val()).to.equal('not-started');
    expect(page.$('tbody tr').length, 'Almaty, not started').to.equal(4);
    expect(page.$('#form-errors').text()).to.contain('District').and.not.contain('district');
    for (const path of ['/reports/dashboard', '/reports/roster.csv']) {
      const refused = await national.get(`${path}?lang=kk&district=${encodeURIComponent('жоқ')}`);
      expect(refused.status, path).to.equal(400);
      expect(refused.$('.error-details').text(), path).to.contain('Аудан').and.not.contain('district');
    }
    // a parameter the page does not have is named once, by its message
    const unknown = await national.get('/reports/roster?lang=en&sneaky=1');
    expect(unknown.status).to.equal(400);
    expect(unknown.$('.error-details li').text()).to.equal('«sneaky» is not a field of this form');
    // a link shared by mail or a messenger, with their parameters, opens as the link
    expect((await national.get('/reports/roster?region=almaty&utm_source=mail&fbclid=IwAR0x')).status).to.equal(200);
    // ten calendar years, leap days or not
    expect((await national.get('/reports/roster?from=2016-01-01&to=2026-01-01')).status).to.equal(200);
    expect((await national.get('/reports/roster?from=2016-01-01&to=2026-01-02')).status).to.equal(400);
    expect((await national.get('/reports/roster?from=2016-02-29&to=2026-03-01')).status).to.equal(200);
    expect((await national.get('/reports/roster?from=2016-02-29&to=2026-03-02')).status).to.equal(400);
  });

  it('gives the roster\'s search to its files and its dashboard, and the export log says what was searched for', async () => {
    const roster = await regional.get('/reports/roster?lang=en');
    const searched = await regional.post('/reports/roster', { _csrf: roster.$('form[method=post] input[name=_csrf]').val() as string, q: 'Нұрланов' });
    expect(searched.status).to.equal(303);
    const page = await regional.get('/reports/roster?lang=en');
    expect(page.$('tbody tr').length).to.equal(1);
    const csvLink = page.$('a[href*="roster.csv"]').attr('href')!;
    const dashboardLink = page.$('main a[href*="/reports/dashboard?"]').attr('href')!;
    expect(csvLink).to.contain('search=1').and.not.contain('Нұрланов');
    const csv = parse((await download(server, regional, csvLink)).body.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(csv.slice(1).map((row) => row[1])).to.deep.equal(['Нұрланов Ерғали']);
    const dashboard = await regional.get(dashboardLink);
    expect(dashboard.$('[data-all]').text()).to.equal('1');
    expect(dashboard.$('main').text()).to.contain('Нұрланов');
    // from the menu, without the roster's search: everyone in scope
    expect(Number((await regional.get('/reports/dashboard')).$('[data-all]').text())).to.be.above(1);
    expect((await national.get('/reports/exports?lang=en')).$('tbody tr').first().find('code').text()).to.contain('Name or IIN: Нұрланов');
    // an IIN typed with a space finds its teacher, and the log shows it by its last four digits
    const iin = zeroIin(1);
    await regional.post('/reports/roster', { _csrf: page.$('form[method=post] input[name=_csrf]').val() as string, q: `${iin.slice(0, 6)} ${iin.slice(6)}` });
    const byIin = await regional.get('/reports/roster?lang=en');
    expect(byIin.$('tbody tr')).to.have.length(1);
    await download(server, regional, byIin.$('a[href*="roster.csv"]').attr('href')!);
    const logged = (await national.get('/reports/exports?lang=en')).$('tbody tr').first().find('code').text();
    expect(logged).to.contain(`********${iin.slice(-4)}`).and.not.contain(iin.slice(0, 6));
    await regional.post('/reports/roster', { _csrf: page.$('form[method=post] input[name=_csrf]').val() as string, clear: '1' });
  });
});
