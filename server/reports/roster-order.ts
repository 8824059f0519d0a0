// The roster's orders (by name, school or last completion), worked out once per change of the
// standings. Sorting 17,000 names with the Kazakh collator takes about 25 ms, and while standings
// change (a school finishing a course, the certificates sweep) they change many times a second;
// names seldom do. So the name order is kept while every row's name is as it was, and put together
// again in one pass over the rows; the school and date orders are the name order sorted (stably)
// by one number per row. `npm run bench -- roster-order` measures it.
import { alphabetical } from '../i18n/collation.ts';
import type { StandingDoc } from '../standards/standing.service.ts';
import type { StandingSnapshot } from '../standards/standing-index.ts';

export type RosterSort = 'name' | 'school' | 'date';

/** Names in the Kazakh alphabet's order; equal names by id, so every page agrees. */
export const byName = (a: StandingDoc, b: StandingDoc): number => alphabetical(a.sortName, b.sortName) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** The name order sorted by a number per row, equal numbers keeping their order. */
function sortedBy(list: readonly StandingDoc[], key: (r: StandingDoc) => number): StandingDoc[] {
  const keys = list.map(key);
  const places = list.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return places.map((i) => list[i]!);
}

export function rosterOrder() {
  let at = -1;
  const kept = new Map<RosterSort, StandingDoc[]>();
  /** each row's name when the name order was last sorted, and its place in that order */
  let names = new Map<string, string>();
  let place = new Map<string, number>();

  function nameOrder(snapshot: StandingSnapshot): StandingDoc[] {
    const { rows } = snapshot;
    let same = names.size === rows.length;
    for (let i = 0; same && i < rows.length; i += 1) same = names.get(rows[i]!._id) === rows[i]!.sortName;
    if (!same) {
      const sorted = [...rows].sort(byName);
      names = new Map(rows.map((r) => [r._id, r.sortName]));
      place = new Map(sorted.map((r, i) => [r._id, i]));
      return sorted;
    }
    const list = new Array<StandingDoc>(rows.length);
    for (const r of rows) list[place.get(r._id)!] = r;
    return list;
  }

  /** The snapshot's rows in one of the roster's orders (ascending); kept until the generation changes. */
  return function ordered(snapshot: StandingSnapshot, sort: RosterSort): StandingDoc[] {
    if (at !== snapshot.generation) {
      kept.clear();
      at = snapshot.generation;
    }
    let list = kept.get(sort);
    if (list) return list;
    let alphabetic = kept.get('name');
    if (!alphabetic) kept.set('name', (alphabetic = nameOrder(snapshot)));
    if (sort === 'name') return alphabetic;
    if (sort === 'school') {
      const schools = new Map([...new Set(alphabetic.map((r) => r.school))].sort(alphabetical).map((s, i) => [s, i]));
      list = sortedBy(alphabetic, (r) => schools.get(r.school)!);
    } else list = sortedBy(alphabetic, (r) => r.lastCompletedAt?.getTime() ?? 0);
    kept.set(sort, list);
    return list;
  };
}
