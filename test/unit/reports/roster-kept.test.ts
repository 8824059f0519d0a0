// The roster keeps each filter's selection and the form's lists until a standing changes (a new
// snapshot generation): a view then costs neither a scan of every row nor a sort of the lists. A
// change must show on the next view.
import { expect } from 'chai';
import { rosterService } from '../../../server/reports/roster.service.ts';
import type { RosterFilter } from '../../../server/reports/roster-filter.ts';
import type { StandingDoc } from '../../../server/standards/standing.service.ts';
import type { StandingSnapshot } from '../../../server/standards/standing-index.ts';
import { standingRow } from '../../helpers/standings.ts';

const row = (id: string, name: string, region: string, district: string, standing: StandingDoc['standing']): StandingDoc =>
  standingRow(id, { name, region, district, school: 'Мектеп №1', position: 'мұғалім', standing });

const everyone: RosterFilter = { region: null, district: null, school: null, position: null, course: null, standing: null, from: null, to: null, search: null };

describe('the roster between standings changes', () => {
  let snapshot: StandingSnapshot;
  const roster = rosterService({ snapshot: async () => snapshot, courseIds: async () => [] });
  const publish = (rows: StandingDoc[], generation: number) => {
    snapshot = { rows, byId: new Map(rows.map((r) => [r._id, r])), generation };
  };

  it("keeps a filter's selection until the generation changes, then selects afresh", async () => {
    publish([row('1', 'Абаева Дана', 'almaty', 'Бостандық', 'compliant'), row('2', 'Бекова Айгүл', 'almaty', 'Алмалы', 'not-started'), row('3', 'Ахметов Ерлан', 'astana', 'Есіл', 'overdue')], 1);
    const first = await roster.select({ ...everyone, region: 'almaty' }, 'name');
    expect(first.rows.map((r) => r._id)).to.deep.equal(['1', '2']);
    expect(first.totals['not-started']).to.equal(1);
    expect(await roster.select({ ...everyone, region: 'almaty' }, 'name')).to.equal(first);
    expect((await roster.select({ ...everyone, region: 'almaty' }, 'name', true)).rows.map((r) => r._id)).to.deep.equal(['2', '1']);
    expect((await roster.select({ ...everyone, region: 'almaty', standing: 'compliant' }, 'name')).rows.map((r) => r._id)).to.deep.equal(['1']);

    // Бекова completes the standard: the next snapshot has a new generation
    publish([snapshot.rows[0]!, { ...snapshot.rows[1]!, standing: 'compliant' }, snapshot.rows[2]!], 2);
    const next = await roster.select({ ...everyone, region: 'almaty' }, 'name');
    expect(next).to.not.equal(first);
    expect(next.totals.compliant).to.equal(2);
    expect(next.totals['not-started']).to.equal(0);
  });

  it("keeps the form's lists in Russian and Kazakh alphabetical order per region until the generation changes", async () => {
    publish([row('1', 'А', 'almaty', 'Түрксіб', 'compliant'), row('2', 'Б', 'almaty', 'Әуезов', 'compliant'), row('3', 'В', 'almaty', 'Алатау', 'compliant'), row('4', 'Г', 'astana', 'Есіл', 'compliant')], 10);
    const lists = await roster.options('almaty');
    expect(lists.districts).to.deep.equal(['Алатау', 'Әуезов', 'Түрксіб']);
    expect(await roster.options('almaty')).to.equal(lists);
    expect((await roster.options(null)).districts).to.deep.equal(['Алатау', 'Әуезов', 'Есіл', 'Түрксіб']);
    publish([...snapshot.rows, row('5', 'Д', 'almaty', 'Медеу', 'compliant')], 11);
    expect((await roster.options('almaty')).districts).to.deep.equal(['Алатау', 'Әуезов', 'Медеу', 'Түрксіб']);
  });

  it('sorts names and schools in the Kazakh alphabet, Ә after А and Ұ before Ү, І after Ы', async () => {
    const names = ['Ілиясова Дана', 'Яковлева Анна', 'Үмбетова Гүл', 'Ұлықбекова Нұр', 'Әлиева Сара', 'Абаева Дина', 'Ыдырысова Бану', 'Қасымова Ару', 'Кимова Ася'];
    const rows = names.map((name, i) => ({ ...row(String(i), name, 'almaty', 'Алмалы', 'compliant'), school: `Мектеп ${name[0]}` }));
    publish(rows, 20);
    const inOrder = ['Абаева Дина', 'Әлиева Сара', 'Кимова Ася', 'Қасымова Ару', 'Ұлықбекова Нұр', 'Үмбетова Гүл', 'Ыдырысова Бану', 'Ілиясова Дана', 'Яковлева Анна'];
    const byName = (await roster.select(everyone, 'name')).rows.map((r) => r.name);
    expect(byName).to.deep.equal(inOrder);
    expect((await roster.select(everyone, 'name', true)).rows.map((r) => r.name)).to.deep.equal([...inOrder].reverse());
    expect((await roster.select(everyone, 'school')).rows.map((r) => r.name)).to.deep.equal(inOrder);
  });
});
