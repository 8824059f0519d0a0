import { expect } from 'chai';
import { itemStatistics, itemWarnings, type QuizFile } from '../../../server/courses/package/item-stats.ts';
import { formatProblem } from '../../../server/courses/package/problems.ts';
import type { Question, Quiz } from '../../../server/courses/package/quiz.schema.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';
import { edit, miniCourse } from '../../helpers/zip.ts';

const text = (kk: string, ru: string, en: string) => ({ kk, ru, en });
const explanation = text('Түсіндірме.', 'Пояснение.', 'Explanation.');

function single(id: string, options: [string, string, string][], correct = 'a'): Question {
  return { id, type: 'single', text: text('Сұрақ?', 'Вопрос?', 'Question?'), options: options.map((o, i) => ({ id: 'abcdefgh'[i]!, text: text(...o) })), correct, explanation };
}

function multiple(id: string, optionCount: number, correct: string[]): Question {
  const options = Array.from({ length: optionCount }, (_, i) => ({ id: 'abcdefgh'[i]!, text: text(`нұсқа ${i}`, `вариант ${i}`, `option ${i}`) }));
  return { id, type: 'multiple', text: text('Сұрақ?', 'Вопрос?', 'Question?'), options, correct, explanation };
}

function quiz(questions: Question[]): Quiz {
  return { settings: { draw: 1, passMark: 80, timeLimitMinutes: 10, maxAttempts: 3, cooldownMinutes: 0, review: 'after-pass' }, questions };
}

describe('quiz item statistics', () => {
  // a: correct; lengths chosen so that only Russian makes the correct option the longest
  const q1 = single('q1', [
    ['Баланы тыңдаймын', 'Выслушаю ребёнка спокойно', 'Listen'],
    ['Ата-анасын шақырамын және күтемін', 'Позову родителей', 'Call the parents'],
    ['Ештеңе істемеймін', 'Ничего', 'Do nothing at all'],
  ]);
  // the correct option is the longest everywhere
  const q2 = single('q2', [
    ['Баланы тыңдап, не естігенімді жазып аламын', 'Выслушаю ребёнка и запишу услышанное', 'Listen to the child and write down what I heard'],
    ['Күтемін', 'Подожду', 'Wait'],
    ['Айқайлаймын', 'Накричу', 'Shout'],
  ]);
  // a tie for the longest is not "strictly the longest"
  const q3 = single('q3', [
    ['ааа', 'ааа', 'aaa'],
    ['ббб', 'ббб', 'bbb'],
    ['в', 'в', 'c'],
  ]);
  const files: QuizFile[] = [{ file: 'modules/01-a/quiz.yaml', quiz: quiz([q1, q2, multiple('m1', 3, ['a', 'b']), q3]) }];

  it('counts, per language, the single-choice items whose correct option is strictly the longest', () => {
    const stats = itemStatistics(['kk', 'ru', 'en'], files);
    expect(stats.languages).to.deep.equal([
      { lang: 'kk', singles: 3, longestCorrect: 1 },
      { lang: 'ru', singles: 3, longestCorrect: 2 },
      { lang: 'en', singles: 3, longestCorrect: 1 },
    ]);
    expect(stats.longestItems).to.deep.equal([
      { file: 'modules/01-a/quiz.yaml', pointer: '/questions/0', languages: ['ru'] },
      { file: 'modules/01-a/quiz.yaml', pointer: '/questions/1', languages: ['kk', 'ru', 'en'] },
    ]);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    // 𝑎 is one character but two UTF-16 units; the correct "abcd" is the longest by characters
    const q = single('q', [['abcd', 'abcd', 'abcd'], ['𝑎𝑎𝑎', '𝑎𝑎𝑎', '𝑎𝑎𝑎'], ['x', 'x', 'x']]);
    expect(itemStatistics(['en'], [{ file: 'f', quiz: quiz([q]) }]).languages[0]!.longestCorrect).to.equal(1);
  });

  it('warns for each language above a third, and for thin items, but never refuses', () => {
    const warnings = itemWarnings(itemStatistics(['kk', 'ru', 'en'], files), files).map((w) => formatProblem(w));
    expect(warnings).to.deep.equal([
      '(package): ru: in 2 of 3 single-choice questions (67 %) the correct option is the longest one; keep that to a third at most, so that length gives no answer away',
      'modules/01-a/quiz.yaml: /questions/2/options: Question 3: wrong options in this multiple-choice question: 1; give it at least 2 plausible ones',
    ]);
  });

  it('warns about a single-choice item with two options', () => {
    const two = single('two', [['иә', 'да', 'yes'], ['жоқ', 'нет', 'no']], 'b');
    const warnings = itemWarnings(itemStatistics(['en'], [{ file: 'q.yaml', quiz: quiz([two]) }]), [{ file: 'q.yaml', quiz: quiz([two]) }]);
    expect(warnings.map((w) => formatProblem(w))).to.deep.equal(['q.yaml: /questions/0/options: options in this single-choice question: 2; give it at least 3']);
  });

  it('accepts a package with warnings and returns them with its statistics', () => {
    const pkg = validatePackage(miniCourse());
    expect(pkg.itemStatistics.languages.map((s) => [s.lang, s.longestCorrect, s.singles])).to.deep.equal([
      ['kk', 0, 1],
      ['ru', 0, 1],
      ['en', 1, 1],
    ]);
    expect(pkg.warnings.map((w) => w.key)).to.deep.equal(['courses.warning.longestCorrect', 'courses.warning.fewOptions', 'courses.warning.fewWrongOptions']);
  });

  it('gives no warning once the items meet the goals', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) =>
      t
        .replace('correct: [a, b]', 'correct: [a]')
        .replace("      - { id: b, text: { kk: Ата-анасын шақырамын, ru: Вызову родителей, en: Call the parents } }\n", "      - { id: b, text: { kk: Ата-анасын шақырамын, ru: Вызову родителей, en: Call the parents } }\n      - { id: c, text: { kk: Күтемін, ru: Подожду, en: Wait until tomorrow and then decide } }\n"),
    );
    const pkg = validatePackage(files);
    expect(pkg.warnings.map((w) => formatProblem(w))).to.deep.equal([]);
  });
});
