// The values the roster's filters may take are kept while every teacher's place is as it was
// (server/reports/roster-values.ts), and must still be exactly the rows' values after a standing,
// a place or the set of teachers changes.
import { expect } from 'chai';
import { rosterValues } from '../../../server/reports/roster-values.ts';
import type { StandingDoc } from '../../../server/standards/standing.service.ts';
import type { StandingSnapshot } from '../../../server/standards/standing-index.ts';
import { standingRow } from '../../helpers/standings.ts';

const fields = ['district', 'school', 'position'] as const;
const regions = [null, 'almaty', 'astana'] as const;

/** What the values are, worked out plainly from the rows. */
const plain = (rows: readonly StandingDoc[], field: (typeof fields)[number], region: string | null) => new Set(rows.filter((r) => r[field] && (region === null || r.region === region)).map((r) => r[field]));

describe("the roster's filter values", () => {
  it('are kept across changes of standings alone, and follow a change of place or of teachers', () => {
    const known = rosterValues();
    let generation = 0;
    let rows: StandingDoc[] = [
      standingRow('1', { region: 'almaty', district: 'Әуезов', school: '№ 15', position: 'мұғалім' }),
      standingRow('2', { region: 'almaty', district: 'Алмалы', school: '№ 7', position: 'психолог' }),
      standingRow('3', { region: 'astana', district: 'Есіл', school: '№ 40', position: 'мұғалім' }),
    ];
    const snapshot = (): StandingSnapshot => ({ rows, byId: new Map(rows.map((r) => [r._id, r])), generation: (generation += 1) });
    const check = (what: string) => {
      const values = known.of(snapshot());
      for (const field of fields) for (const region of regions) expect([...values(field, region)].sort(), `${what}: ${field} in ${region ?? 'every region'}`).to.deep.equal([...plain(rows, field, region)].sort());
      return values;
    };

    const first = check('first');
    const version = known.version();
    rows = rows.map((r) => (r._id === '2' ? { ...r, standing: 'compliant' } : r));
    const after = check('a standing changed');
    expect(after('district', 'almaty'), 'the same values, not built again').to.equal(first('district', 'almaty'));
    expect(known.version()).to.equal(version);

    rows = rows.map((r) => (r._id === '2' ? { ...r, school: '№ 9' } : r));
    check('a teacher moved school');
    expect(known.version()).to.equal(version + 1);
    rows = rows.map((r) => (r._id === '3' ? { ...r, region: 'almaty' } : r));
    check('a teacher moved region');
    rows = [...rows, standingRow('4', { region: 'astana', district: 'Сарыарқа', school: '№ 3', position: 'директор' })];
    check('a teacher added');
    rows = rows.filter((r) => r._id !== '1');
    check('a teacher gone');
  });
});
