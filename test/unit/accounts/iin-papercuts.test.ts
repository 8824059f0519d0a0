import { expect } from 'chai';
import { iinCheckDigit, iinProblem, restoreLeadingZero } from '../../../server/accounts/iin.ts';
import { checkRows } from '../../../server/accounts/import/import-rows.ts';

function iinOf(first11: string): string {
  const check = iinCheckDigit(first11);
  if (check === undefined) throw new Error('no check digit for ' + first11);
  return first11 + check;
}

describe('IIN papercuts', () => {
  const today = new Date('2026-12-02T12:00:00Z');
  it('refuses a birth date in the future, accepts today and the past', () => {
    expect(iinProblem(iinOf('990101612345'.slice(0, 11)), today)).to.equal('future'); // born 2099
    expect(iinProblem(iinOf('26120250001'), today)).to.equal(undefined); // born today
    expect(iinProblem(iinOf('26120350001'), today)).to.equal('future'); // born tomorrow
    expect(iinProblem(iinOf('85010230001'), today)).to.equal(undefined);
  });

  it('puts back a leading zero only when the 11 digits make a valid IIN with it', () => {
    const iin = iinOf('01020350001');
    expect(restoreLeadingZero(iin.slice(1), today)).to.equal(iin);
    expect(restoreLeadingZero('12345678901', today)).to.equal('12345678901');
    expect(restoreLeadingZero(iin, today)).to.equal(iin);
  });

  it('restores the zero in a CSV row, and reports a future IIN in an import', async () => {
    const ok = iinOf('05060750002');
    const future = iinOf('99010160003');
    const header = ['iin', 'email', 'surname', 'given_name', 'region'];
    const checked = await checkRows({ header, rows: [
      { number: 2, cells: [ok.slice(1), 'a@example.kz', 'Ахметова', 'Дана', 'astana'] },
      { number: 3, cells: [future, 'b@example.kz', 'Ахметов', 'Нұрлан', 'astana'] },
    ] } as never, null);
    expect(checked.rows.map((r) => r.iin)).to.deep.equal([ok]);
    expect(checked.problems).to.deep.include({ row: 3, field: 'iin', message: 'accounts.iin.future', name: 'Ахметов Нұрлан', email: 'b@example.kz' });
  });
});
