// The dashboard's shares are written as the admin's language writes them: 33,3 in Kazakh and
// Russian, 33.3 in English, in its tables and in the charts' labels (reports/dashboard.service.ts).
import { expect } from 'chai';
import { dashboardService } from '../../../server/reports/dashboard.service.ts';
import { rosterService } from '../../../server/reports/roster.service.ts';
import type { RosterFilter } from '../../../server/reports/roster-filter.ts';
import { translator } from '../../../server/i18n/index.ts';
import type { StandingDoc } from '../../../server/standards/standing.service.ts';
import { standingRow } from '../../helpers/standings.ts';

const row = (id: string, region: string, standing: StandingDoc['standing']): StandingDoc =>
  standingRow(id, { name: `Мұғалім ${id}`, region, district: 'Есіл', school: 'Мектеп №1', position: 'мұғалім', standing });

const everyone: RosterFilter = { region: null, district: null, school: null, position: null, course: null, standing: null, from: null, to: null, search: null };

describe('the dashboard’s numbers', () => {
  const rows = [row('1', 'astana', 'compliant'), row('2', 'astana', 'not-started'), row('3', 'astana', 'overdue')];
  const roster = rosterService({ snapshot: async () => ({ rows, byId: new Map(rows.map((r) => [r._id, r])), generation: 1 }), courseIds: async () => [] });
  const dashboard = dashboardService({ roster, clock: { now: () => new Date('2026-12-05T09:00:00Z') }, courses: async () => [] });

  it('writes a share with the language’s decimal separator', async () => {
    const ru = await dashboard.view(everyone, 'ru', translator('ru'));
    const en = await dashboard.view(everyone, 'en', translator('en'));
    const kk = await dashboard.view(everyone, 'kk', translator('kk'));
    expect(ru.totals.find((s) => s.standing === 'compliant')!.share).to.equal('33,3');
    expect(kk.regions[0]!.text).to.equal('33,3 %');
    expect(en.totals.find((s) => s.standing === 'compliant')!.share).to.equal('33.3');
    expect(en.regions[0]!.text).to.equal('33.3 %');
    expect(ru.charts.mix).to.include('1 (33,3 %)');
  });
});
