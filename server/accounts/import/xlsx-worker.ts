// Reads one uploaded workbook on a thread of its own (xlsx-thread.ts) and hands back its table, or
// the problem that refuses it.
import { parentPort } from 'node:worker_threads';
import { ValidationError } from '../../errors.ts';
import { readXlsx, type Table, type TableRow } from './import-file.ts';

/**
 * The table comes back in parts of `ROWS_PER_MESSAGE` rows, then its header, each part when the
 * receiving thread asks for the next: it decodes every message waiting at once, and 20,000 rows in
 * one go held it 50 ms.
 */
export type XlsxReply =
  | { ok: true; rows: TableRow[] }
  | { ok: true; done: Omit<Table, 'rows'> }
  | { ok: false; problem: { key: string; params: Record<string, unknown> } }
  | { ok: false; error: string };

const ROWS_PER_MESSAGE = 1_000;

function send(table: Table): void {
  let at = 0;
  const next = () => {
    if (at >= table.rows.length) return void parentPort!.postMessage({ ok: true, done: { fileType: table.fileType, header: table.header } } satisfies XlsxReply);
    parentPort!.postMessage({ ok: true, rows: table.rows.slice(at, (at += ROWS_PER_MESSAGE)) } satisfies XlsxReply);
  };
  parentPort!.on('message', next); // "next", from the reader
  next();
}

parentPort!.once('message', (workbook: Uint8Array) => {
  void readXlsx(Buffer.from(workbook.buffer, workbook.byteOffset, workbook.byteLength)).then(
    send,
    (err: unknown) =>
      parentPort!.postMessage(
        (err instanceof ValidationError
          ? { ok: false, problem: { key: err.messageKey.replace(/^import\.errors\./, ''), params: (err.params ?? {}) as Record<string, unknown> } }
          : { ok: false, error: (err as Error).message }) satisfies XlsxReply,
      ),
  );
});
