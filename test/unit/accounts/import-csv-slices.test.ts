// A teacher list is parsed 64 KB at a time, so that a long file does not hold the server's other
// requests (server/accounts/import/import-file.ts): a letter cut between two slices stays whole.
import { expect } from 'chai';
import { ValidationError } from '../../../server/errors.ts';
import { readTable } from '../../../server/accounts/import/import-file.ts';
import { importHeader, teacherLines, toCsv } from '../../helpers/import-files.ts';

describe('reading a long teacher list', () => {
  it('reads a long list in slices without breaking a letter cut between two of them', async () => {
    // the parser takes 64 KB at a time; padding the first row puts a Kazakh letter across the first cut
    const lines = teacherLines(3_000);
    const cut = 64 * 1024;
    const csv = (pad: number) => Buffer.from(toCsv([{ ...lines[0]!, school: `${lines[0]!.school ?? ''}${'x'.repeat(pad)}` }, ...lines.slice(1)]), 'utf8');
    const plain = csv(0);
    let pad = 0;
    while ((plain[cut - pad]! & 0xc0) !== 0x80) pad += 1; // the second byte of a letter, pad bytes before the cut
    const buffer = csv(pad);
    expect(buffer[cut]! & 0xc0, 'a letter across the cut').to.equal(0x80);
    const t = await readTable(buffer);
    expect(t.rows).to.have.length(lines.length);
    const surname = importHeader.indexOf('surname');
    expect(t.rows.map((r) => r.cells[surname])).to.deep.equal(lines.map((l) => l.surname));
    expect(t.rows.flatMap((r) => r.cells).join('')).not.to.contain('\uFFFD');
  });


  it('refuses a file whose fault is found in its first slice, and reads no further', async () => {
    // a cell longer than a record may be (64 KB), then more than a slice of good rows
    const lines = teacherLines(1_000);
    const text = toCsv([{ ...lines[0]!, school: 'ә'.repeat(40_000) }, ...lines.slice(1)]);
    const refused = await readTable(Buffer.from(text, 'utf8')).then(() => null, (e: unknown) => e);
    expect(refused).to.be.instanceOf(ValidationError);
    expect((refused as ValidationError).messageKey).to.equal('import.errors.csv');
    expect((refused as ValidationError).params).to.deep.equal({ line: 2 });
  });
});
