// Teacher lists for import tests and the benchmark, as CSV text or XLSX bytes.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../server/errors.ts';
import { readTable } from '../../server/accounts/import/import-file.ts';
import { makeIin } from './users.ts';

export const importHeader = ['iin', 'email', 'surname', 'given_name', 'patronymic', 'region', 'district', 'school', 'position', 'lang'];

export interface TeacherLine {
  iin: string;
  email: string;
  surname: string;
  given_name: string;
  patronymic?: string;
  region: string;
  district?: string;
  school?: string;
  position?: string;
  lang?: string;
}

const kazakhNames = [
  ['Сәрсенбаева', 'Әйгерім', 'Қайратқызы'],
  ['Өтепов', 'Нұрлан', 'Серікұлы'],
  ['Жүсіпова', 'Гүлнұр', ''],
  ['Іскаков', 'Ерғали', 'Бекұлы'],
  ['Ким', 'Ольга', 'Викторовна'],
  ['O’Brien', 'Anna', ''],
];

let serial = 0;

/** A valid IIN not handed out before in this process. */
export const uniqueIin = makeIin;

export function teacherLines(count: number, overrides: Partial<TeacherLine> = {}): TeacherLine[] {
  return Array.from({ length: count }, (_, i) => {
    serial += 1;
    const [surname, given, patronymic] = kazakhNames[i % kazakhNames.length]!;
    const iin = uniqueIin();
    return {
      iin,
      email: `teacher${serial}.${iin.slice(-6)}@mektep.kz`,
      surname: surname!,
      given_name: given!,
      patronymic: patronymic!,
      region: 'Алматы қаласы',
      district: 'Әуезов ауданы',
      school: `№ ${(i % 200) + 1} мектеп-гимназия`,
      position: 'бастауыш сынып мұғалімі',
      lang: ['kk', 'ru', 'en', ''][i % 4]!,
      ...overrides,
    };
  });
}

function csvCell(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(lines: readonly Partial<TeacherLine>[], header: readonly string[] = importHeader, delimiter = ','): string {
  const rows = lines.map((line) => header.map((h) => csvCell((line as Record<string, string | undefined>)[h] ?? '')).join(delimiter));
  return `\uFEFF${[header.join(delimiter), ...rows].join('\r\n')}\r\n`;
}

export async function toXlsx(lines: readonly Partial<TeacherLine>[], options: { iinAsNumber?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Педагогтар');
  sheet.addRow(importHeader);
  for (const line of lines) {
    sheet.addRow(importHeader.map((h) => {
      const value = (line as Record<string, string | undefined>)[h] ?? '';
      return h === 'iin' && options.iinAsNumber ? Number(value) : value;
    }));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The message key a teacher list is refused with as a whole (the test fails if it is read). */
export async function refusal(buffer: Buffer): Promise<string> {
  try {
    await readTable(buffer);
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return (err as ValidationError).messageKey;
  }
  throw new Error('the file was accepted');
}
