// The roster's orders are kept across changes of the standings while names stay as they were
// (server/reports/roster-order.ts): each must still equal a plain sort of the rows, after standings
// change, after a name changes, and after a teacher is added.
import { expect } from 'chai';
import { alphabetical } from '../../../server/i18n/collation.ts';
import { rosterOrder, type RosterSort } from '../../../server/reports/roster-order.ts';
import type { StandingDoc } from '../../../server/standards/standing.service.ts';
import type { StandingSnapshot } from '../../../server/standards/standing-index.ts';
import { standingRow } from '../../helpers/standings.ts';

const byName = (a: StandingDoc, b: StandingDoc) => alphabetical(a.sortName, b.sortName) || (a._id < b._id ? -1 : 1);
const reference: Record<RosterSort, (a: StandingDoc, b: StandingDoc) => number> = {
  name: byName,
  school: (a, b) => alphabetical(a.school, b.school) || byName(a, b),
  date: (a, b) => (a.lastCompletedAt?.getTime() ?? 0) - (b.lastCompletedAt?.getTime() ?? 0) || byName(a, b),
};

// a fixed pseudo-random sequence, so a failure can be replayed
let seed = 7;
const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const surnames = ['Әбенова', 'Абаева', 'Қасымова', 'Кимова', 'Ұлықбекова', 'Үмбетова', 'Ілиясова', 'Ыдырысова', 'Иванова', 'Яковлева', 'Zhukova', 'Өтегенова', 'Оспанова'];
const given = ['Әйгерім', 'Айгүл', 'Гүлнар', 'Ғалия', 'Нұрлан', 'Ерлан'];
const schools = ['№ 15 мектеп', 'Әл-Фараби атындағы мектеп', 'Қазығұрт лицейі', 'Гимназия № 3', 'Ұлағат мектебі', ''];
const someDate = () => (next() < 0.2 ? null : new Date(Date.UTC(2025, Math.floor(next() * 12), 1 + Math.floor(next() * 3))));
const teacher = (i: number) => {
  const name = `${pick(surnames)} ${pick(given)}`;
  return standingRow(`t${String(i).padStart(4, '0')}`, { name, sortName: name.toLocaleLowerCase('kk'), school: pick(schools), lastCompletedAt: someDate() });
};

describe("the roster's orders", () => {
  it('equal a plain sort of the rows after standings, names and teachers change', () => {
    const ordered = rosterOrder();
    let rows = Array.from({ length: 400 }, (_, i) => teacher(i));
    let generation = 0;
    const check = (what: string) => {
      generation += 1;
      const snapshot: StandingSnapshot = { rows, byId: new Map(rows.map((r) => [r._id, r])), generation };
      for (const sort of ['date', 'name', 'school'] as const) {
        expect(ordered(snapshot, sort).map((r) => r._id), `${what}, by ${sort}`).to.deep.equal([...rows].sort(reference[sort]).map((r) => r._id));
      }
    };
    check('first');
    for (let round = 0; round < 5; round += 1) {
      // standings change: new dates and schools, the same names (the kept name order is used)
      rows = rows.map((r) => (next() < 0.3 ? { ...r, lastCompletedAt: someDate(), school: pick(schools) } : r));
      check(`round ${round}: standings changed`);
      // one teacher's name is corrected
      const i = Math.floor(next() * rows.length);
      const name = `${pick(surnames)} ${pick(given)}`;
      rows = rows.map((r, j) => (j === i ? { ...r, name, sortName: name.toLocaleLowerCase('kk') } : r));
      check(`round ${round}: a name changed`);
      // a teacher is added
      rows = [...rows, teacher(1000 + round)];
      check(`round ${round}: a teacher added`);
    }
  });
});
