// The downloadable templates: the columns an import reads, in the order it expects them.
import ExcelJS from 'exceljs';
import type { Translate } from '../../i18n/index.ts';
import { regions } from '../regions.ts';
import { importColumns } from './import-rows.ts';

/** UTF-8 with a byte-order mark: without it Excel opens the file as ANSI and garbles Kazakh letters. */
export function csvTemplate(): Buffer {
  return Buffer.from(`\uFEFF${importColumns.join(',')}\r\n`, 'utf8');
}

/** Sheet names may not hold []:*?/\ and are at most 31 characters long. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

export async function xlsxTemplate(t: Translate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qorgau';
  const teachers = workbook.addWorksheet(sheetName(t('import.template.teachersSheet')), { views: [{ state: 'frozen', ySplit: 1 }] });
  teachers.columns = importColumns.map((key) => ({ header: key, key, width: key === 'school' || key === 'email' ? 36 : 22 }));
  // an IIN typed into a text cell keeps its leading zero
  teachers.getColumn('iin').numFmt = '@';
  teachers.getRow(1).font = { bold: true };
  const list = workbook.addWorksheet(sheetName(t('import.template.regionsSheet')));
  list.columns = [
    { header: 'region', key: 'code', width: 20 },
    { header: 'kk', key: 'kk', width: 32 },
    { header: 'ru', key: 'ru', width: 36 },
    { header: 'en', key: 'en', width: 28 },
  ];
  list.getRow(1).font = { bold: true };
  for (const r of regions) list.addRow({ code: r.code, kk: r.kk, ru: r.ru, en: r.en });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
