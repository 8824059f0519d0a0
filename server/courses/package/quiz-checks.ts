// Cross-checks of one quiz on top of its schema: translations, unique ids, a correct answer that
// names an existing option, and a draw no larger than the bank.
import { checkUnique, type LanguageCheck } from './language-checks.ts';
import { pointer, problem, type PackageProblem } from './problems.ts';
import type { Question, Quiz } from './quiz.schema.ts';

function choicesOf(question: Question): { list: string; entries: { id: string }[] } | undefined {
  if (question.type === 'single' || question.type === 'multiple') return { list: 'options', entries: question.options };
  if (question.type === 'ordering') return { list: 'items', entries: question.items };
  if (question.type === 'matching') return { list: 'pairs', entries: question.pairs };
  return undefined;
}

function checkQuestion(file: string, question: Question, at: string, languages: LanguageCheck, problems: PackageProblem[]): void {
  languages.text(file, `${at}/text`, question.text);
  languages.text(file, `${at}/explanation`, question.explanation);
  const choices = choicesOf(question);
  if (choices) {
    checkUnique(file, choices.entries.map((c, i) => ({ id: c.id, at: `${at}/${choices.list}/${i}/id` })), problems);
  }
  if (question.type === 'single' || question.type === 'multiple') {
    question.options.forEach((o, i) => languages.text(file, `${at}/options/${i}/text`, o.text));
    const ids = new Set(question.options.map((o) => o.id));
    const correct = question.type === 'single' ? [question.correct] : question.correct;
    correct.forEach((id, i) => {
      const where = question.type === 'single' ? `${at}/correct` : `${at}/correct/${i}`;
      if (!ids.has(id)) problems.push(problem(file, where, 'correctMissing', { id }));
    });
  } else if (question.type === 'ordering') {
    question.items.forEach((item, i) => languages.text(file, `${at}/items/${i}/text`, item.text));
  } else if (question.type === 'matching') {
    question.pairs.forEach((pair, i) => {
      languages.text(file, `${at}/pairs/${i}/left`, pair.left);
      languages.text(file, `${at}/pairs/${i}/right`, pair.right);
    });
  }
}

export function checkQuiz(file: string, quiz: Quiz, languages: LanguageCheck, problems: PackageProblem[]): void {
  checkUnique(file, quiz.questions.map((q, i) => ({ id: q.id, at: `${pointer('questions', i)}/id` })), problems);
  quiz.questions.forEach((question, i) => checkQuestion(file, question, pointer('questions', i), languages, problems));
  if (quiz.settings.draw > quiz.questions.length) {
    problems.push(problem(file, '/settings/draw', 'drawTooLarge', { draw: quiz.settings.draw, bank: quiz.questions.length }));
  }
}

/**
 * The same id, answer-key and draw checks on a quiz its schema refused, read as it is: a coordinator
 * learns every wrong key at once, not one round after each schema problem is mended. Only what
 * has the shape to be judged is judged, and never a place the schema named already.
 */
export function checkRefusedQuiz(file: string, value: unknown, problems: PackageProblem[]): void {
  const named = new Set(problems.filter((p) => p.file === file).map((p) => p.pointer));
  const add = (p: PackageProblem) => {
    if (!named.has(p.pointer)) problems.push(p);
  };
  const quiz = (value ?? {}) as { settings?: { draw?: unknown }; questions?: unknown };
  const questions: unknown[] = Array.isArray(quiz.questions) ? quiz.questions : [];
  // ids: each question's, and each of its choices', once
  const idsOf = (list: unknown[], at: (i: number) => string) => list.flatMap((x, i) => (x && typeof (x as { id?: unknown }).id === 'string' ? [{ id: (x as { id: string }).id, at: at(i) }] : []));
  const unique: PackageProblem[] = [];
  checkUnique(file, idsOf(questions, (i) => `${pointer('questions', i)}/id`), unique);
  questions.forEach((q, i) => {
    for (const list of ['options', 'items', 'pairs']) {
      const entries = (q as Record<string, unknown> | null)?.[list];
      if (Array.isArray(entries)) checkUnique(file, idsOf(entries, (j) => `${pointer('questions', i)}/${list}/${j}/id`), unique);
    }
  });
  unique.forEach(add);
  questions.forEach((q, i) => {
    if (!q || typeof q !== 'object') return;
    const { type, options, correct } = q as Record<string, unknown>;
    if ((type !== 'single' && type !== 'multiple') || !Array.isArray(options)) return;
    const ids = new Set(options.map((o) => (o as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string'));
    const at = pointer('questions', i);
    if (type === 'single' && typeof correct === 'string' && !ids.has(correct)) add(problem(file, `${at}/correct`, 'correctMissing', { id: correct }));
    if (type === 'multiple' && Array.isArray(correct)) {
      correct.forEach((id, j) => {
        if (typeof id === 'string' && !ids.has(id)) add(problem(file, `${at}/correct/${j}`, 'correctMissing', { id }));
      });
    }
  });
  const draw = quiz.settings?.draw;
  if (typeof draw === 'number' && draw > questions.length) add(problem(file, '/settings/draw', 'drawTooLarge', { draw, bank: questions.length }));
}
