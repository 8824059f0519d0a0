import { expect } from 'chai';
import { iinProblem } from '../../../server/accounts/iin.ts';
import { iinOf } from '../../../server/reports/demo/demo-plan.ts';

describe('seed-demo: teachers\' IINs', () => {
  it('are valid, carry the sex, and never repeat within a seed (checked over 120,000 teachers)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 120_000; i++) {
      const female = i % 4 !== 0;
      const iin = iinOf(7, i, female);
      expect(seen.has(iin), `teacher ${i}: ${iin} repeats`).to.equal(false);
      seen.add(iin);
      if (i % 997 === 0) {
        expect(iinProblem(iin, new Date('2026-12-01')), iin).to.equal(undefined);
        expect(Number(iin[6]) % 2 === 0, iin).to.equal(female);
      }
    }
  });

  it('are the same for the same seed and teacher, and differ with the seed', () => {
    expect(iinOf(7, 12_345, true)).to.equal(iinOf(7, 12_345, true));
    expect(iinOf(8, 12_345, true)).to.not.equal(iinOf(7, 12_345, true));
  });
});
