// An uploaded workbook is read on a thread of its own: ExcelJS reads a whole worksheet at once, and
// a 20,000-row list held the server's other requests 240–430 ms (bench teacher-import). Imports are
// rare, so each starts a thread and stops it after. Should the thread fail, the workbook is read
// here instead; a workbook the reader refuses is refused with the same problem either way.
import type { Logger } from '../../logger.ts';
import { startWorkerModule } from '../../worker-module.ts';
import { fileProblem, readXlsx, type Table, type TableRow } from './import-file.ts';
import type { XlsxReply } from './xlsx-worker.ts';

type Answer = { ok: true; table: Table } | Exclude<XlsxReply, { ok: true }>;

function onThread(workbook: Buffer): Promise<Answer> {
  const thread = startWorkerModule(import.meta.url, './xlsx-worker');
  return new Promise<Answer>((resolve, reject) => {
    const rows: TableRow[] = [];
    thread.on('message', (reply: XlsxReply) => {
      if (!reply.ok) return resolve(reply);
      if ('done' in reply) return resolve({ ok: true, table: { ...reply.done, rows } });
      rows.push(...reply.rows);
      thread.postMessage('next');
    });
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the workbook thread stopped (exit code ${code})`)));
    // a copy of its own to hand over: the upload's buffer may share memory with others
    const copy = new Uint8Array(workbook);
    thread.postMessage(copy, [copy.buffer]);
  }).finally(() => void thread.terminate());
}

/** The workbook's table, read on a thread of its own (here, if that thread fails). */
export async function readXlsxOffThread(workbook: Buffer, logger?: Pick<Logger, 'warn'>): Promise<Table> {
  let reply: Answer;
  try {
    reply = await onThread(workbook);
  } catch (err) {
    logger?.warn({ err }, 'workbook not read on its thread; reading it here');
    return readXlsx(workbook);
  }
  if (reply.ok) return reply.table;
  if ('problem' in reply) throw fileProblem(reply.problem.key, reply.problem.params);
  throw new Error(reply.error);
}
