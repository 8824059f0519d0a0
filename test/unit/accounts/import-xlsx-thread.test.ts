// An uploaded workbook is read on a thread of its own (server/accounts/import/xlsx-thread.ts): the
// table, and the problem that refuses a workbook, are the same as reading it here.
import { expect } from 'chai';
import { noFallback } from '../../helpers/fallbacks.ts';
import { ValidationError } from '../../../server/errors.ts';
import { readTable, readXlsx } from '../../../server/accounts/import/import-file.ts';
import { readXlsxOffThread } from '../../../server/accounts/import/xlsx-thread.ts';
import { teacherLines, toXlsx } from '../../helpers/import-files.ts';
import { buildZip } from '../../helpers/zip.ts';

describe('reading a workbook on a thread of its own', function () {
  // each read starts a thread, which loads the reader
  this.timeout(60_000);
  // a thread that fell back to this one says so: none may
  const logger = noFallback('the workbook');

  it('gives the table reading it here gives: Kazakh letters, numbers typed as numbers', async () => {
    const workbook = await toXlsx(teacherLines(300), { iinAsNumber: true });
    const there = await readTable(workbook, (w) => readXlsxOffThread(w, logger));
    expect(there).to.deep.equal(await readXlsx(workbook));
    expect(there.rows).to.have.length(300);
    expect(there.rows.some((r) => r.numeric?.[0])).to.equal(true);
    expect(JSON.stringify(there.rows)).to.match(/[әғқңөұүһі]/);
  });

  it('refuses a workbook with the same problem as reading it here', async () => {
    const refusal = (read: Promise<unknown>) => read.then(() => null, (e: unknown) => e as ValidationError);
    const notAWorkbook = buildZip([{ name: 'hello.txt', data: Buffer.from('сәлем') }]);
    const here = await refusal(readXlsx(notAWorkbook));
    const there = await refusal(readXlsxOffThread(notAWorkbook, logger));
    expect(here).to.be.instanceOf(ValidationError);
    expect(there).to.be.instanceOf(ValidationError);
    expect([there!.messageKey, there!.params]).to.deep.equal([here!.messageKey, here!.params]);
  });

  it('refuses a workbook its thread runs out of memory reading, and never reads it here', async () => {
    // 5,000 rows with a heap of 24 MB: the thread stops, and the main thread must not take over
    const workbook = await toXlsx(teacherLines(5_000));
    const refused = await readXlsxOffThread(workbook, logger, 24).then(() => null, (e: unknown) => e as ValidationError);
    expect(refused).to.be.instanceOf(ValidationError);
    expect(refused!.messageKey).to.equal('import.errors.xlsxTooBig');
  });
});
