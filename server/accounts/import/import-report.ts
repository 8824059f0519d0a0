// What an admin (or the command line) is shown about a batch: problems as localized lines.
import type { Translate } from '../../i18n/index.ts';
import type { ImportBatchDoc } from './import-batch.model.ts';
import type { RowProblem } from './import-rows.ts';

const columnOf: Record<string, string> = {
  iin: 'iin',
  email: 'email',
  surname: 'surname',
  givenName: 'given_name',
  patronymic: 'patronymic',
  region: 'region',
  district: 'district',
  school: 'school',
  position: 'position',
  lang: 'lang',
};

export interface ProblemLine {
  row: number;
  name: string;
  email: string;
  column: string;
  label: string;
  message: string;
}

export function problemLines(problems: readonly Pick<RowProblem, 'row' | 'field' | 'message' | 'params' | 'name' | 'email'>[], t: Translate): ProblemLine[] {
  return problems.map((p) => {
    const column = columnOf[p.field] ?? '';
    return { row: p.row, name: p.name ?? '', email: p.email ?? '', column, label: column ? t(`accounts.fields.${p.field}`) : '', message: t(p.message, (p.params ?? {}) as Record<string, unknown>) };
  });
}

/** Problems shown on a page of the report: a thousand at once made 257 KB. */
export const PROBLEMS_PER_PAGE = 50;

export function reportView(batch: ImportBatchDoc, t: Translate, page = 1) {
  const stored = batch.problems as unknown as RowProblem[];
  const pages = Math.max(1, Math.ceil(stored.length / PROBLEMS_PER_PAGE));
  const shown = Math.min(page, pages);
  const problems = problemLines(stored.slice((shown - 1) * PROBLEMS_PER_PAGE, shown * PROBLEMS_PER_PAGE), t);
  return {
    id: String(batch._id),
    fileName: batch.fileName,
    fileType: batch.fileType,
    status: batch.status,
    statusKey: `import.status.${batch.status}`,
    counts: batch.counts,
    problems,
    problemPage: shown,
    problemPages: pages,
    prevProblems: shown > 1 ? `/admin/import/${String(batch._id)}?page=${shown - 1}` : null,
    nextProblems: shown < pages ? `/admin/import/${String(batch._id)}?page=${shown + 1}` : null,
    // more than the report keeps (the first thousand)
    hiddenProblems: Math.max(0, batch.problemCount - stored.length),
    // a re-import that changes nobody offers nothing to import
    canCommit: batch.status === 'pending' && batch.counts.toCreate + batch.counts.toUpdate > 0,
    nothingToChange: batch.status === 'pending' && batch.counts.valid > 0 && batch.counts.toCreate + batch.counts.toUpdate === 0,
    committing: batch.status === 'committing',
    committed: batch.status === 'committed',
    result: batch.result,
    mail: { ...batch.mail, sending: batch.mail.state === 'sending' },
  };
}
