// Turns an uploaded CSV or XLSX file into a table of text cells. The type is decided by the content,
// never by the name: an XLSX file is a zip archive, a CSV file is UTF-8 text without NUL bytes.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { ValidationError } from '../../errors.ts';

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;
// What a 10 MB workbook may inflate to; more than that is a zip bomb, not a list of teachers.
const XLSX_MAX_INFLATED = 200 * 1024 * 1024;
const XLSX_MAX_ENTRIES = 2_000;
// Spreadsheet XML compresses about 5-20 times; an entry that inflates 100 times or more (past
// 1 MB) is padding, such as megabytes of whitespace, and is refused before it is read.
const XLSX_MAX_RATIO = 100;
const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface TableRow {
  /** the row number a spreadsheet program shows (the header is row 1) */
  number: number;
  cells: string[];
  /** which cells held a number in the workbook (Excel turns a typed IIN into one) */
  numeric?: boolean[];
}

export interface Table {
  fileType: 'csv' | 'xlsx';
  header: string[];
  rows: TableRow[];
}

export function fileProblem(key: string, params: Record<string, unknown> = {}): ValidationError {
  return new ValidationError(`import.errors.${key}`, [{ field: 'file', message: `import.errors.${key}`, params }], params);
}

function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
}

function utf8Text(buffer: Buffer): string {
  if (buffer.includes(0)) throw fileProblem('fileType');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    throw fileProblem('encoding');
  }
}

/** Picks the delimiter a spreadsheet program used: Excel in a Kazakh or Russian locale writes `;`. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Bytes the parser takes at a time, letting the server's other requests in between (a 20,000-row file held them 150 ms at once). */
const CSV_SLICE = 64 * 1024;

async function readCsv(buffer: Buffer): Promise<Table> {
  const text = utf8Text(buffer);
  const records: string[][] = [];
  const parser = parse({ delimiter: delimiterOf(text), bom: true, relax_column_count: true, skip_empty_lines: false, max_record_size: 64 * 1024 });
  let failed: { lines?: number } | undefined;
  parser.on('data', (record: string[]) => records.push(record));
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (err: { lines?: number }) => {
      failed ??= err;
      resolve();
    });
  });
  // the bytes, not the text, are sliced: the parser joins a letter cut between two slices
  for (let at = 0; at < buffer.length && !failed; at += CSV_SLICE) {
    parser.write(buffer.subarray(at, at + CSV_SLICE));
    await nextTurn();
  }
  if (!failed) parser.end();
  await done;
  if (failed) throw fileProblem('csv', { line: failed.lines ?? 1 });
  const rows = records.map((cells, i) => ({ number: i + 1, cells }));
  return tableOf('csv', rows);
}

function tableOf(fileType: Table['fileType'], rows: TableRow[]): Table {
  const filled = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...data] = filled;
  if (!header) throw fileProblem('empty');
  if (data.length > IMPORT_MAX_ROWS) throw fileProblem('tooManyRows', { max: IMPORT_MAX_ROWS });
  if (data.length === 0) throw fileProblem('noRows');
  return { fileType, header: header.cells, rows: data };
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > XLSX_MAX_ENTRIES) return resolve(entries);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Refuses a workbook whose declared sizes add up to more than a list of teachers can be, then
 * inflates every entry once: yauzl stops an entry whose real size differs from the declared one,
 * so a lying or explosive archive is refused before ExcelJS unpacks it all into memory.
 */
async function checkArchive(buffer: Buffer): Promise<void> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  try {
    const entries = await listEntries(zip);
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (entries.length > XLSX_MAX_ENTRIES || declared > XLSX_MAX_INFLATED) throw fileProblem('xlsxTooBig');
    if (entries.some((e) => e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize / Math.max(e.compressedSize, 1) > XLSX_MAX_RATIO)) throw fileProblem('xlsxTooBig');
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) void chunk;
    }
  } finally {
    zip.close();
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text; // a hyperlink (Excel links typed emails)
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

/** Reads a workbook on this thread (xlsx-thread.ts reads uploads on a thread of their own). */
export async function readXlsx(buffer: Buffer): Promise<Table> {
  try {
    await checkArchive(buffer);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw fileProblem('xlsx');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw fileProblem('xlsx');
  }
  // a zip without a worksheet is not a workbook (a .zip renamed), not an empty list
  if (workbook.worksheets.length === 0) throw fileProblem('xlsx');
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw fileProblem('empty');
  if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1) throw fileProblem('tooManyRows', { max: IMPORT_MAX_ROWS });
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    const numeric: boolean[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      // no column of the list is a date, and a formula's value must have been saved with it:
      // either would otherwise be read as something the admin never typed (a date as 2024-01-15, a
      // formula as an empty cell), so the cell is named for the admin to correct
      if (cell.value instanceof Date) throw fileProblem('xlsxDate', { cell: cell.address });
      if (cell.value && typeof cell.value === 'object' && 'formula' in cell.value && (cell.value.result === undefined || cell.value.result === null)) throw fileProblem('xlsxFormula', { cell: cell.address });
      cells[col - 1] = cellText(cell.value);
      numeric[col - 1] = typeof cell.value === 'number';
    });
    rows.push({ number, cells: Array.from(cells, (c) => c ?? ''), numeric: Array.from(numeric, Boolean) });
  });
  return tableOf('xlsx', rows);
}

/**
 * Reads a CSV or XLSX upload; throws a ValidationError naming the problem with the whole file.
 * `readWorkbook` reads an XLSX file (the import service's reads it on a thread of its own).
 */
export async function readTable(buffer: Buffer, readWorkbook: (workbook: Buffer) => Promise<Table> = readXlsx): Promise<Table> {
  if (buffer.length === 0) throw fileProblem('empty');
  if (buffer.length > IMPORT_MAX_BYTES) throw fileProblem('tooLarge', { mb: IMPORT_MAX_BYTES / 1024 / 1024 });
  return isZip(buffer) ? readWorkbook(buffer) : await readCsv(buffer);
}
