// An uploaded workbook is read on a thread of its own: ExcelJS reads a whole worksheet at once, and
// a 20,000-row list held the server's other requests 240–430 ms (bench teacher-import). Imports are
// rare, so each starts a thread and stops it after. Should the thread fail, the workbook is read
// here instead; a workbook the reader refuses is refused with the same problem either way.
import type { Logger } from '../../logger.ts';
import { oneJob, onThreadOrHere } from '../../worker-module.ts';
import { fileProblem, readXlsx, type Table, type TableRow } from './import-file.ts';
import type { XlsxReply } from './xlsx-worker.ts';

type Answer = { ok: true; table: Table } | Exclude<XlsxReply, { ok: true }>;

function onThread(workbook: Buffer): Promise<Answer> {
  const rows: TableRow[] = [];
  return oneJob<Answer, XlsxReply>(import.meta.url, './xlsx-worker', workbook, (reply, send, done) => {
    if (!reply.ok) return done(reply);
    if ('done' in reply) return done({ ok: true, table: { ...reply.done, rows } });
    rows.push(...reply.rows);
    send('next');
  });
}

/** The workbook's table, read on a thread of its own (here, if that thread fails). */
export async function readXlsxOffThread(workbook: Buffer, logger?: Pick<Logger, 'warn'>): Promise<Table> {
  const warn = logger && ((err: unknown) => logger.warn({ err }, 'workbook not read on its thread; reading it here'));
  const reply = await onThreadOrHere<Answer>(() => onThread(workbook), async () => ({ ok: true, table: await readXlsx(workbook) }), warn);
  if (reply.ok) return reply.table;
  if ('problem' in reply) throw fileProblem(reply.problem.key, reply.problem.params);
  throw new Error(reply.error);
}
