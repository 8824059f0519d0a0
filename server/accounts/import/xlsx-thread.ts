// An uploaded workbook is read on a thread of its own: ExcelJS reads a whole worksheet at once, and
// a 20,000-row list held the server's other requests 240–430 ms (bench teacher-import). Imports are
// rare, so each starts a thread and stops it after. Should the thread fail, the workbook is read
// here instead; a workbook the reader refuses is refused with the same problem either way. The
// thread's heap is capped: a 10 MB workbook may hold 96 MB of sheet XML, which ExcelJS read into
// 1.6 GB; past the cap the workbook is refused as too large, never read again here.
import type { Logger } from '../../logger.ts';
import { oneJob, onThreadOrHere } from '../../worker-module.ts';
import { fileProblem, readXlsx, type Table, type TableRow } from './import-file.ts';
import type { XlsxReply } from './xlsx-worker.ts';

type Answer = { ok: true; table: Table } | Exclude<XlsxReply, { ok: true }>;

/** The heap a workbook's thread may use: 50,000 rows read in well under this. */
export const XLSX_THREAD_HEAP_MB = 512;

function onThread(workbook: Buffer, heapMb: number): Promise<Answer> {
  const rows: TableRow[] = [];
  return oneJob<Answer, XlsxReply>(
    import.meta.url,
    './xlsx-worker',
    workbook,
    (reply, send, done) => {
      if (!reply.ok) return done(reply);
      if ('done' in reply) return done({ ok: true, table: { ...reply.done, rows } });
      rows.push(...reply.rows);
      send('next');
    },
    { resourceLimits: { maxOldGenerationSizeMb: heapMb } },
  ).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, problem: { key: 'xlsxTooBig', params: {} } } as const;
    throw err;
  });
}

/** The workbook's table, read on a thread of its own (here, if that thread fails). */
export async function readXlsxOffThread(workbook: Buffer, logger?: Pick<Logger, 'warn'>, heapMb = XLSX_THREAD_HEAP_MB): Promise<Table> {
  const warn = logger && ((err: unknown) => logger.warn({ err }, 'workbook not read on its thread; reading it here'));
  const reply = await onThreadOrHere<Answer>(() => onThread(workbook, heapMb), async () => ({ ok: true, table: await readXlsx(workbook) }), warn);
  if (reply.ok) return reply.table;
  if ('problem' in reply) throw fileProblem(reply.problem.key, reply.problem.params);
  throw new Error(reply.error);
}
