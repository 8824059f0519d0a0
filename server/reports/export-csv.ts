// CSV for Excel and LibreOffice: RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so Cyrillic and
// Kazakh letters show, and every cell that a spreadsheet would read as a formula made inert with a
// leading apostrophe (OWASP "CSV injection"). IINs keep their leading zeros: Excel and LibreOffice
// read any all-digit field as a number, quoted or not, so an IIN goes out as the text formula
// ="050315500012", which both show as that text. It is the one formula written, and only for a
// value that is exactly 12 digits; anything else in that column is inert text like every cell.
import { stringify } from 'csv-stringify/sync';
import { drained } from './drain.ts';
import { exportColumns, type ExportRow } from './export-rows.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text with formula injection defused. */
export function inert(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** An IIN as a cell that spreadsheets keep as 12-digit text. */
export function iinCell(iin: string): string {
  return /^\d{12}$/.test(iin) ? `="${iin}"` : inert(iin);
}

function cells(row: ExportRow): string[] {
  return exportColumns.map((c) => {
    const v = row[c];
    if (v === null) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    return c === 'iin' ? iinCell(String(v)) : inert(String(v));
  });
}

/** Rows written per csv-stringify call: one string per hundred rows, not one per row. */
const BATCH = 100;

/**
 * Streams rows as CSV into `out`, header first; resolves with the number of data rows. Rows are
 * pulled one at a time and written a hundred at a time, waiting for `out` to drain when it is full,
 * as the XLSX writer does (piping the rows through stream transforms let the process grow by about
 * 240 MB over 200,000 rows, bench/rosters).
 */
export async function writeCsv(rows: AsyncIterable<ExportRow>, header: string[], out: NodeJS.WritableStream, onRow?: (n: number) => void): Promise<number> {
  const write = async (text: string) => {
    if (!out.write(text)) await drained(out);
  };
  // the BOM and the header leave at once, before the database has produced a row (time to first byte)
  await write(stringify([header.map((h) => inert(h))], { bom: true, record_delimiter: '\r\n' }));
  let count = 0;
  let batch: string[][] = [];
  for await (const row of rows) {
    batch.push(cells(row));
    count += 1;
    if (batch.length === BATCH) {
      await write(stringify(batch, { record_delimiter: '\r\n' }));
      batch = [];
      if (onRow && count % 1000 === 0) onRow(count);
    }
  }
  if (batch.length) await write(stringify(batch, { record_delimiter: '\r\n' }));
  // the end is awaited through 'finish': the session's wrapper of end() may wait for its write first
  await new Promise<void>((resolve, reject) => {
    out.once('finish', () => resolve());
    out.once('error', reject);
    out.end();
  });
  onRow?.(count);
  return count;
}
