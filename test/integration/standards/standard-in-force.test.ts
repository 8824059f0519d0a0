// A version of the national standard uploaded ahead of its `effectiveFrom` waits for its day: until
// then the version before it stays in force (the outside audit saw standings recomputed at once).
import { expect } from 'chai';
import { ownDatabase } from '../../helpers/database.ts';
import { MovableClock } from '../../helpers/learning.ts';
import { standardService } from '../../../server/standards/standard.service.ts';
import { StandardError } from '../../../server/standards/standard-file.ts';
import { standardYaml } from '../../helpers/standings.ts';

const definition = (version: number, effectiveFrom: string, cycleMonths: number) => Buffer.from(standardYaml(version, { effectiveFrom, cycleMonths }));

describe('the standard in force', () => {
  it('is the newest version whose day has come, in Kazakhstan\'s time', async () => {
    const own = await ownDatabase('in-force');
    try {
      const clock = new MovableClock(Date.parse('2026-11-20T08:00:00Z'));
      const standard = () => standardService({ db: own.db, clock, courseCodes: async () => new Set(['QS-1']) });
      await standard().upload(null, { name: 'v2.yaml', data: definition(2, '2026-01-01', 24) });
      await standard().upload(null, { name: 'v3.yaml', data: definition(3, '2027-09-01', 36) });
      expect((await standard().current()).version).to.equal(2);
      // a version lower than the one waiting is refused, as any not newer
      const refused = await standard().upload(null, { name: 'v3b.yaml', data: definition(3, '2026-12-01', 12) }).then(() => null, (e: unknown) => e);
      expect(refused).to.be.instanceOf(StandardError);
      expect((refused as StandardError).problems[0]!.key).to.equal('standards.problem.versionNotNewer');
      // the same file sent again (a second tap, back and send) is the version stored, not a refusal
      const again = await standard().upload(null, { name: 'v3.yaml', data: definition(3, '2027-09-01', 36) });
      expect(again).to.deep.include({ version: 3, again: true, waiting: true });
      // a newer version starting before the one that waits would leave it never in force: refused
      const overtaking = await standard().upload(null, { name: 'v4.yaml', data: definition(4, '2027-03-01', 12) }).then(() => null, (e: unknown) => e);
      expect((overtaking as StandardError).problems.map((p) => [p.pointer, p.key, p.params])).to.deep.equal([['/effectiveFrom', 'standards.problem.beforeWaiting', { version: 3, date: '2027-09-01' }]]);
      expect((await standard().history()).map((h) => [h.version, h.state])).to.deep.equal([[3, 'waiting'], [2, 'inForce'], [1, 'superseded']]);
      // 23:59 on 31 August in Almaty is still August
      clock.advance(Date.parse('2027-08-31T18:59:00Z') - clock.now().getTime());
      expect((await standard().current()).version).to.equal(2);
      clock.advance(60_000);
      expect((await standard().current())).to.deep.include({ version: 3 });
      expect((await standard().current()).definition.cycleMonths).to.equal(36);
      expect((await standard().history()).map((h) => h.state)).to.deep.equal(['inForce', 'superseded', 'superseded']);
    } finally {
      await own.drop();
    }
  });
});
