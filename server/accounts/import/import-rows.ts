// Checks every row of an uploaded table with the registration rules, without touching the database:
// the schema, the IIN's date and check digit, the region, the importing admin's scope, and
// duplicate IINs or emails inside the file. Every problem names its row and column.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { toDetails } from '../../http/validate.ts';
import { iinProblem, restoreLeadingZero } from '../iin.ts';
import { findRegion } from '../regions.ts';
import { ValidationError } from '../../errors.ts';
import { fileProblem, type Table } from './import-file.ts';
import { validateImportRow, type ImportRowInput } from './import-row.schema.ts';

export const importColumns = ['iin', 'email', 'surname', 'given_name', 'patronymic', 'region', 'district', 'school', 'position', 'lang'] as const;
export type ImportColumn = (typeof importColumns)[number];
export const requiredColumns: readonly ImportColumn[] = ['iin', 'email', 'surname', 'given_name', 'region'];

export type RowField = keyof ImportRowInput;
const fieldOf: Record<ImportColumn, RowField> = {
  iin: 'iin',
  email: 'email',
  surname: 'surname',
  given_name: 'givenName',
  patronymic: 'patronymic',
  region: 'region',
  district: 'district',
  school: 'school',
  position: 'position',
  lang: 'lang',
};

/** A valid row, normalised; an optional field is undefined when its column is not in the file. */
export interface ImportRow {
  row: number;
  iin: string;
  email: string;
  surname: string;
  givenName: string;
  patronymic?: string;
  region: string;
  district?: string;
  school?: string;
  position?: string;
  lang?: 'kk' | 'ru' | 'en';
}

export interface RowProblem {
  row: number;
  field: string;
  message: string;
  params?: Record<string, unknown>;
  /** the row's own name and email, as the admin's file gives them, so the report needs no cross-check */
  name?: string;
  email?: string;
}

/** Who a row names, from the admin's own file (never from the database). */
export function rowWho(input: { surname?: string; givenName?: string; email?: string }): { name?: string; email?: string } {
  const name = [input.surname, input.givenName].filter(Boolean).join(' ').slice(0, 120);
  const email = (input.email ?? '').slice(0, 254);
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

export interface CheckedRows {
  rows: ImportRow[];
  problems: RowProblem[];
  /** data rows in the file, and how many of them have at least one problem */
  total: number;
  invalid: number;
}

/**
 * Other names people give a column: in English (`e-mail`, `first name`), and as the headers of a
 * Kazakh or Russian spreadsheet name them (`ЖСН`, `ИИН`, `Тегі`, `Фамилия`, `Облыс`, `Область`).
 */
const COLUMN_ALIASES: Readonly<Record<string, ImportColumn>> = {
  e_mail: 'email', email_address: 'email', mail: 'email', электрондық_пошта: 'email', электронная_почта: 'email', почта: 'email',
  жсн: 'iin', иин: 'iin',
  last_name: 'surname', family_name: 'surname', тегі: 'surname', фамилия: 'surname',
  first_name: 'given_name', givenname: 'given_name', аты: 'given_name', имя: 'given_name',
  middle_name: 'patronymic', әкесінің_аты: 'patronymic', отчество: 'patronymic',
  облыс: 'region', өңір: 'region', область: 'region', регион: 'region',
  аудан: 'district', район: 'district',
  мектеп: 'school', школа: 'school', ұйым: 'school', организация: 'school',
  лауазымы: 'position', лауазым: 'position', должность: 'position',
  language: 'lang', тіл: 'lang', язык: 'lang',
};

function columnKey(header: string): string {
  // a Cyrillic е typed in "е-mail" reads as the Latin e it looks like
  const key = header.normalize('NFC').trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/^е_?mail$/, 'e_mail');
  return Object.hasOwn(COLUMN_ALIASES, key) ? COLUMN_ALIASES[key]! : key;
}

/** Maps header cells to columns; unknown, repeated and missing columns refuse the file, all said at once. */
export function mapColumns(header: readonly string[]): (ImportColumn | undefined)[] {
  const keys = header.map(columnKey);
  const problems: ValidationError[] = [];
  const unknown = keys.filter((k) => k !== '' && !(importColumns as readonly string[]).includes(k));
  if (unknown.length) problems.push(fileProblem('unknownColumns', { columns: unknown.slice(0, 5).join(', ').slice(0, 200), allowed: importColumns.join(', ') }));
  const repeated = keys.filter((k, i) => k !== '' && keys.indexOf(k) !== i);
  if (repeated.length) problems.push(fileProblem('repeatedColumns', { columns: [...new Set(repeated)].join(', ') }));
  const missing = requiredColumns.filter((c) => !keys.includes(c));
  if (missing.length) problems.push(fileProblem('missingColumns', { columns: missing.join(', ') }));
  if (problems.length) throw new ValidationError(problems[0]!.messageKey, problems.flatMap((p) => p.details), problems[0]!.params);
  return keys.map((k) => (k === '' ? undefined : (k as ImportColumn)));
}

function clean(value: string): string {
  // NFC so that a Kazakh letter typed as base + combining mark matches the same precomposed letter
  return value.normalize('NFC').trim().replace(/ {2,}/g, ' ');
}

/** Rows checked at a time, letting the server's other requests in between (20,000 rows held them 190 ms at once). */
const ROWS_AT_A_TIME = 1_000;

/** Checks every data row; `scope` is a regional admin's region, or null for national scope. */
export async function checkRows(table: Table, scope: string | null): Promise<CheckedRows> {
  const columns = mapColumns(table.header);
  const width = table.header.length;
  const problems: RowProblem[] = [];
  const bad = new Set<number>();
  const who = new Map<number, { name?: string; email?: string }>();
  const rows: ImportRow[] = [];
  const report = (row: number, field: string, message: string, params?: Record<string, unknown>) => {
    problems.push({ row, field, message, ...(params ? { params } : {}) });
    bad.add(row);
  };

  for (const [index, { number, cells, numeric }] of table.rows.entries()) {
    if (index % ROWS_AT_A_TIME === ROWS_AT_A_TIME - 1) await nextTurn();
    const input: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (!column) return;
      let value = clean(cells[i] ?? '');
      // Excel keeps a typed IIN as a number and drops its leading zero (born 2000–2009).
      if (column === 'iin' && numeric?.[i] && /^[0-9]{1,11}$/.test(value)) value = value.padStart(12, '0');
      // A CSV saved by Excel has the same loss as text: 11 digits get their zero back when that makes a valid IIN.
      else if (column === 'iin') value = restoreLeadingZero(value);
      input[fieldOf[column]] = column === 'email' ? value.toLowerCase() : value;
    });
    who.set(number, rowWho(input));
    if (cells.slice(width).some((c) => c.trim() !== '')) report(number, '', 'import.errors.extraCells');
    const flagged = new Set<string>();
    const ok = validateImportRow(input);
    if (!ok) {
      for (const d of toDetails(validateImportRow.errors)) {
        report(number, d.field, d.message, d.params);
        flagged.add(d.field);
      }
    }
    const iin = flagged.has('iin') ? undefined : iinProblem(input.iin ?? '');
    if (iin) report(number, 'iin', `accounts.iin.${iin}`);
    const region = flagged.has('region') ? undefined : findRegion(input.region ?? '');
    if (!region && !flagged.has('region')) report(number, 'region', 'accounts.validation.region');
    else if (region && scope !== null && region.code !== scope) report(number, 'region', 'import.errors.regionOutsideScope');
    if (bad.has(number) || !region || !ok) continue;
    const row: ImportRow = { row: number, iin: input.iin, email: input.email, surname: input.surname, givenName: input.givenName, region: region.code };
    // absent columns stay absent (not undefined, which BSON would store as null)
    for (const field of ['patronymic', 'district', 'school', 'position'] as const) if (input[field] !== undefined) row[field] = input[field];
    if (input.lang) row.lang = input.lang;
    rows.push(row);
  }

  // A person listed twice cannot be imported from either row: which one is right is the admin's call.
  for (const field of ['iin', 'email'] as const) {
    const seen = new Map<string, number[]>();
    for (const r of rows) seen.set(r[field], [...(seen.get(r[field]) ?? []), r.row]);
    for (const list of seen.values()) {
      if (list.length < 2) continue;
      for (const row of list) report(row, field, field === 'iin' ? 'import.errors.duplicateIin' : 'import.errors.duplicateEmail', { rows: list.slice(0, 10).join(', ') });
    }
  }
  const valid = rows.filter((r) => !bad.has(r.row));
  for (const p of problems) Object.assign(p, who.get(p.row));
  problems.sort((a, b) => a.row - b.row);
  return { rows: valid, problems, total: table.rows.length, invalid: bad.size };
}
