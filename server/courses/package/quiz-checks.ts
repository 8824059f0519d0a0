// Cross-checks of one quiz on top of its schema: translations, unique ids, a correct answer that
// names an existing option, and a draw no larger than the bank. The quiz is read as it is, so the
// same checks run on a quiz its schema refused: a coordinator learns every wrong key at once, not
// one round after each schema problem is mended. Only what has the shape to be judged is judged,
// and never a place the schema named already.
import type { CourseLanguage } from './course.schema.ts';
import { checkUnique, LanguageCheck } from './language-checks.ts';
import { pointer, problem, type PackageProblem } from './problems.ts';

type Loose = Record<string, unknown>;
type Texts = Loose | undefined;

const entries = (value: unknown): Loose[] => (Array.isArray(value) ? (value as unknown[]).map((x) => (x && typeof x === 'object' ? (x as Loose) : {})) : []);
const idsOf = (list: Loose[], at: (i: number) => string) => list.flatMap((x, i) => (typeof x.id === 'string' ? [{ id: x.id, at: at(i) }] : []));

function checkQuestion(file: string, question: Loose, at: string, languages: LanguageCheck, problems: PackageProblem[]): void {
  languages.text(file, `${at}/text`, question.text as Texts);
  languages.text(file, `${at}/explanation`, question.explanation as Texts);
  for (const list of ['options', 'items', 'pairs']) checkUnique(file, idsOf(entries(question[list]), (i) => `${at}/${list}/${i}/id`), problems);
  const { type } = question;
  if (type === 'single' || type === 'multiple') {
    const options = entries(question.options);
    options.forEach((o, i) => languages.text(file, `${at}/options/${i}/text`, o.text as Texts));
    const ids = new Set(options.map((o) => o.id));
    const correct: unknown[] = type === 'single' ? [question.correct] : Array.isArray(question.correct) ? question.correct : [];
    correct.forEach((id, i) => {
      const where = type === 'single' ? `${at}/correct` : `${at}/correct/${i}`;
      if (typeof id === 'string' && !ids.has(id)) problems.push(problem(file, where, 'correctMissing', { id }));
    });
  } else if (type === 'ordering') {
    entries(question.items).forEach((item, i) => languages.text(file, `${at}/items/${i}/text`, item.text as Texts));
  } else if (type === 'matching') {
    entries(question.pairs).forEach((pair, i) => {
      languages.text(file, `${at}/pairs/${i}/left`, pair.left as Texts);
      languages.text(file, `${at}/pairs/${i}/right`, pair.right as Texts);
    });
  }
}

/** Checks one quiz file's content (schema-valid or not) against the course's declared languages. */
export function checkQuiz(file: string, value: unknown, declared: readonly CourseLanguage[], problems: PackageProblem[]): void {
  const named = new Set(problems.filter((p) => p.file === file).map((p) => p.pointer));
  const found: PackageProblem[] = [];
  const languages = new LanguageCheck(declared, found);
  const quiz = (value && typeof value === 'object' ? value : {}) as { settings?: { draw?: unknown }; questions?: unknown };
  const questions = entries(quiz.questions);
  checkUnique(file, idsOf(questions, (i) => `${pointer('questions', i)}/id`), found);
  questions.forEach((question, i) => checkQuestion(file, question, pointer('questions', i), languages, found));
  const draw = quiz.settings?.draw;
  if (typeof draw === 'number' && draw > questions.length) found.push(problem(file, '/settings/draw', 'drawTooLarge', { draw, bank: questions.length }));
  problems.push(...found.filter((p) => !named.has(p.pointer)));
}
