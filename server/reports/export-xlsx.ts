// XLSX through exceljs's streaming WorkbookWriter: rows are committed as they come, so memory stays
// flat. Dates and numbers are typed cells; IINs are text; the header is frozen with an autofilter.
// String cells are never formulas in XLSX, so the apostrophe guard of the CSV is not needed here.
import ExcelJS from 'exceljs';
import { drained } from './drain.ts';
import { exportColumns, type ExportRow } from './export-rows.ts';

const widths: Record<string, number> = { iin: 14, name: 34, region: 24, district: 20, school: 28, position: 20, standing: 18, course: 22, courseTitle: 40, courseVersion: 9, completedAt: 12, academicHours: 8, score: 8, certificate: 20 };
const HIGH_WATER = 1 << 20;

export async function writeXlsx(rows: AsyncIterable<ExportRow>, header: string[], out: NodeJS.WritableStream & { writableLength?: number }, sheetName: string, onRow?: (n: number) => void): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = exportColumns.map((key, i) => ({ key, header: header[i], width: widths[key] ?? 16, ...(key === 'completedAt' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}), ...(key === 'iin' ? { style: { numFmt: '@' } } : {}) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: exportColumns.length } };
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row).commit();
    count += 1;
    if (count % 1000 === 0) {
      onRow?.(count);
      // the zip stream does not wait for a slow client; wait here instead
      if ((out.writableLength ?? 0) > HIGH_WATER) await drained(out);
    }
  }
  sheet.commit();
  await workbook.commit();
  onRow?.(count);
  return count;
}
