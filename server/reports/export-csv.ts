// CSV for Excel and LibreOffice: RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so Cyrillic and
// Kazakh letters show, and every cell that a spreadsheet would read as a formula made inert with a
// leading apostrophe (OWASP "CSV injection"). IINs keep their leading zeros: Excel and LibreOffice
// read any all-digit field as a number, quoted or not, so an IIN goes out as the text formula
// ="050315500012", which both show as that text. It is the one formula written, and only for a
// value that is exactly 12 digits; anything else in that column is inert text like every cell.
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { stringify as stringify_sync } from 'csv-stringify/sync';
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

/** Streams rows as CSV into `out`, header first; resolves with the number of data rows. */
export async function writeCsv(rows: AsyncIterable<ExportRow>, header: string[], out: NodeJS.WritableStream, onRow?: (n: number) => void): Promise<number> {
  let count = 0;
  const toCells = new Transform({
    objectMode: true,
    transform(row: ExportRow, _enc, done) {
      count += 1;
      if (onRow && count % 1000 === 0) onRow(count);
      done(null, cells(row));
    },
  });
  // the BOM and the header leave at once, before the database has produced a row (time to first byte)
  out.write(stringify_sync([header.map((h) => inert(h))], { bom: true, record_delimiter: '\r\n' }));
  const csv = stringify({ record_delimiter: '\r\n' });
  await pipeline(Readable.from(rows), toCells, csv, out);
  onRow?.(count);
  return count;
}
