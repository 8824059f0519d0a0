import { expect } from 'chai';
import { iinCheckDigit, iinProblem, isValidIin, maskedIin } from '../../../server/accounts/iin.ts';
import { makeIin } from '../../helpers/users.ts';

describe('IIN validation', () => {
  it('accepts IINs whose check digit matches', () => {
    for (let i = 0; i < 50; i++) expect(isValidIin(makeIin())).to.equal(true);
  });

  it('computes the check digit with weights 1..11, then 3..11,1,2 when the first round gives 10', () => {
    // digits chosen so that the first round gives 10: 9·1 + 0 + … ≡ 10 (mod 11)
    const first11 = '00010140000';
    const round1 = [...first11].reduce((s, d, i) => s + Number(d) * (i + 1), 0) % 11;
    const round2 = [...first11].reduce((s, d, i) => s + Number(d) * [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i]!, 0) % 11;
    expect(iinCheckDigit(first11)).to.equal(round1 === 10 ? (round2 === 10 ? undefined : round2) : round1);
  });

  it('refuses a wrong length, letters and full-width digits', () => {
    expect(iinProblem('12345678901')).to.equal('format');
    expect(iinProblem('1234567890123')).to.equal('format');
    expect(iinProblem('12345678901a')).to.equal('format');
    expect(iinProblem('８８０１０１３００１２３')).to.equal('format');
  });

  it('refuses an impossible date and a century digit outside 1–6', () => {
    const valid = makeIin();
    expect(iinProblem(`991332${valid.slice(6)}`)).to.equal('date');
    expect(iinProblem(`${valid.slice(0, 6)}7${valid.slice(7)}`)).to.equal('century');
  });

  it('refuses a bad check digit', () => {
    const valid = makeIin();
    const wrong = `${valid.slice(0, 11)}${(Number(valid[11]) + 1) % 10}`;
    expect(iinProblem(wrong)).to.equal('checksum');
  });

  it('masks all but the last four digits', () => {
    expect(maskedIin('880101300123')).to.equal('********0123');
  });
});
