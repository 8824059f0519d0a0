// What a workbook's cells are read as: never something the admin did not type.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { ValidationError } from '../../../server/errors.ts';
import { readTable } from '../../../server/accounts/import/import-file.ts';
import { importHeader, refusal, teacherLines } from '../../helpers/import-files.ts';
import { buildZip } from '../../helpers/zip.ts';

function cells(): string[] {
  const line = teacherLines(1)[0]! as unknown as Record<string, string>;
  return importHeader.map((h) => line[h] ?? '');
}


describe('the cells of an uploaded workbook', () => {
  it('names the cell of a workbook that holds a date or a formula without its value, and tells a zip from an empty list', async () => {
    const workbook = async (fill: (sheet: ExcelJS.Worksheet) => void) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Педагогтар');
      sheet.addRow(importHeader);
      sheet.addRow(cells());
      fill(sheet);
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const params = async (buffer: Buffer) => readTable(buffer).then(() => null, (e: unknown) => [(e as ValidationError).messageKey, (e as ValidationError).params]);
    expect(await params(await workbook((s) => (s.getCell('G2').value = new Date(Date.UTC(2024, 0, 15)))))).to.deep.equal(['import.errors.xlsxDate', { cell: 'G2' }]);
    expect(await params(await workbook((s) => (s.getCell('H2').value = { formula: 'CONCAT("№ ", 15)', date1904: false } as ExcelJS.CellFormulaValue)))).to.deep.equal(['import.errors.xlsxFormula', { cell: 'H2' }]);
    // a formula whose value was saved reads as that value
    const saved = await readTable(await workbook((s) => (s.getCell('H2').value = { formula: 'CONCAT("№ ", 15)', result: '№ 15', date1904: false } as ExcelJS.CellFormulaValue)));
    expect(saved.rows[0]!.cells[7]).to.equal('№ 15');
    expect(await refusal(buildZip([{ name: 'сурет.txt', data: Buffer.from('жоқ') }]))).to.equal('import.errors.xlsx');
  });

});
