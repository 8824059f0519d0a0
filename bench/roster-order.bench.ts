// The roster's orders after a change of the standings (server/reports/roster-order.ts), with
// BENCH_TEACHERS (17,000) teachers of Kazakh and Russian names in memory: the time the roster takes
// to order its rows for a new generation in which standings changed and names did not (a school
// finishing a course, the certificates sweep), against sorting every row with the Kazakh collator
// (what each new generation cost before), in rounds that alternate the two, in one run. Also the
// filter values (districts, schools, positions per region) for such a generation, kept
// (server/reports/roster-values.ts) against built again from every row, as before.
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './run.ts';
import { alphabetical } from '../server/i18n/collation.ts';
import { byName, rosterOrder, type RosterSort } from '../server/reports/roster-order.ts';
import { rosterValues } from '../server/reports/roster-values.ts';
import type { StandingDoc } from '../server/standards/standing.service.ts';
import type { StandingSnapshot } from '../server/standards/standing-index.ts';
import { standingRow } from '../test/helpers/standings.ts';

export const name = 'roster-order';
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 17_000);
const ROUNDS = 15;

const surnames = ['Сәрсенбаева', 'Қожаһметов', 'Өмірзақова', 'Нұрғалиев', 'Жүсіпбекова', 'Иванова', 'Ғабдуллин', 'Тоқтарова', 'Ұлықбекова', 'Әбенов', 'Ілиясова', 'Ким'];
const given = ['Әйгерім', 'Айгүл', 'Гүлнар', 'Ғалия', 'Нұрлан', 'Ерлан', 'Ольга', 'Дәурен'];
const before: Record<RosterSort, (a: StandingDoc, b: StandingDoc) => number> = {
  name: byName,
  school: (a, b) => alphabetical(a.school, b.school) || byName(a, b),
  date: (a, b) => (a.lastCompletedAt?.getTime() ?? 0) - (b.lastCompletedAt?.getTime() ?? 0) || byName(a, b),
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  let rows = Array.from({ length: TEACHERS }, (_, i) => {
    const n = `${surnames[(i * 7) % surnames.length]}${i % 211} ${given[i % given.length]}`;
    return standingRow(`t${i}`, { name: n, sortName: n.toLocaleLowerCase('kk'), region: ['almaty', 'astana', 'abai', 'shymkent'][i % 4]!, district: `Аудан ${i % 40}`, position: ['мұғалім', 'директор', 'психолог'][i % 3]!, school: `№ ${(i * 13) % 700} мектеп`, lastCompletedAt: i % 5 ? new Date(Date.UTC(2025, i % 12, 1 + (i % 28))) : null });
  });
  let generation = 0;
  const snapshot = (): StandingSnapshot => ({ rows, byId: new Map(), generation: (generation += 1) });
  const results: BenchResult[] = [];
  /** Rounds in which a standing changes (a new row object, the same name and place), each timing the kept way and the old one on the same snapshot. */
  const alternate = (label: string, kept: (s: StandingSnapshot) => unknown, before: (s: StandingSnapshot) => unknown, baseline: string) => {
    const [keptMs, beforeMs]: [number[], number[]] = [[], []];
    for (let round = 0; round < ROUNDS; round += 1) {
      const i = (round * 997) % rows.length;
      rows = rows.map((r, j) => (j === i ? { ...r, lastCompletedAt: new Date() } : r));
      const s = snapshot();
      let t = performance.now();
      kept(s);
      keptMs.push(performance.now() - t);
      t = performance.now();
      before(s);
      beforeMs.push(performance.now() - t);
    }
    const [app, base] = [median(keptMs), median(beforeMs)];
    process.stdout.write(`  ${label}: ${app.toFixed(2)} ms against ${base.toFixed(2)} ms\n`);
    results.push({ metric: `roster ${label} for a new generation, ${TEACHERS} teachers`, value: app, baseline: base, ratio: app / base, unit: 'ms', notes: `median of ${ROUNDS}; baseline: ${baseline}` });
  };
  const ordered = rosterOrder();
  ordered(snapshot(), 'name'); // the first order of all is a full sort either way
  for (const sort of ['name', 'date'] as const) alternate(`order by ${sort}`, (s) => ordered(s, sort), (s) => [...s.rows].sort(before[sort]), 'every row sorted with the Kazakh collator, as before');
  const known = rosterValues();
  known.of(snapshot());
  alternate('filter values', (s) => known.of(s)('district', null), (s) => rosterValues().of(s)('district', null), 'built from every row, as each new generation did before');
  return results;
}
