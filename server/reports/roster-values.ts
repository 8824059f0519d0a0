// The values the roster's filters may take (districts, schools and positions, in every region and
// in each), which a request's filter is checked against and the form's lists are made from. They
// change only when a teacher's place does, while standings change many times a second (a school
// finishing a course, the certificates sweep): so they are kept while every row's region,
// district, school and position are as they were, which one pass over the rows checks. Building
// them took 13 ms a change at 17,000 teachers (`npm run bench -- roster-order`).
import type { StandingDoc } from '../standards/standing.service.ts';
import type { StandingSnapshot } from '../standards/standing-index.ts';

type Field = 'district' | 'school' | 'position';
type Place = Pick<StandingDoc, 'region' | 'district' | 'school' | 'position'>;
export type KnownValues = (field: Field, region: string | null) => ReadonlySet<string>;

export function rosterValues() {
  let at = -1;
  let places = new Map<string, Place>();
  let values = new Map<string, Set<string>>();
  /** changes when the values do: what is made from them (the form's sorted lists) is kept until then */
  let version = 0;

  const samePlaces = (rows: readonly StandingDoc[]): boolean => {
    if (places.size !== rows.length) return false;
    for (const r of rows) {
      const p = places.get(r._id);
      if (!p || p.region !== r.region || p.district !== r.district || p.school !== r.school || p.position !== r.position) return false;
    }
    return true;
  };

  function build(rows: readonly StandingDoc[]): void {
    const fresh = new Map<string, Set<string>>();
    for (const r of rows) {
      for (const field of ['district', 'school', 'position'] as const) {
        if (!r[field]) continue;
        for (const key of [`${field}|*`, `${field}|${r.region}`]) {
          let set = fresh.get(key);
          if (!set) fresh.set(key, (set = new Set()));
          set.add(r[field]);
        }
      }
    }
    values = fresh;
    places = new Map(rows.map((r) => [r._id, { region: r.region, district: r.district, school: r.school, position: r.position }]));
    version += 1;
  }

  return {
    /** The values of the snapshot's rows, looked up by field and region (null: every region). */
    of(snapshot: StandingSnapshot): KnownValues {
      if (at !== snapshot.generation) {
        if (!samePlaces(snapshot.rows)) build(snapshot.rows);
        at = snapshot.generation;
      }
      const kept = values;
      return (field, region) => kept.get(`${field}|${region ?? '*'}`) ?? new Set();
    },
    /** Changes whenever the values change. */
    version: (): number => version,
  };
}
