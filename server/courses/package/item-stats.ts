// Quiz item statistics, reported as warnings: a test-wise learner should gain nothing from the
// shape of the options. Per language, because Kazakh, Russian and English lengths differ: the
// correct option of a single-choice item should be the strictly longest in at most a third of
// the course's items. Every single-choice item should offer at least three options, and every
// multiple-choice item at least two wrong ones.
import type { CourseLanguage } from './course.schema.ts';
import { pointer, WHOLE_PACKAGE, warning, type PackageProblem } from './problems.ts';
import type { Quiz } from './quiz.schema.ts';

export const LONGEST_CORRECT_LIMIT = 1 / 3;
export const MIN_SINGLE_OPTIONS = 3;
export const MIN_WRONG_OPTIONS = 2;

export interface LanguageItemStats {
  lang: CourseLanguage;
  /** single-choice items */
  singles: number;
  /** of them, those whose correct option is strictly longer than every other option */
  longestCorrect: number;
}

export interface ItemStatistics {
  languages: LanguageItemStats[];
  /** where the correct option is strictly the longest, and in which languages */
  longestItems: { file: string; pointer: string; languages: CourseLanguage[] }[];
}

export interface QuizFile {
  file: string;
  quiz: Quiz;
}

/** Length in characters as a reader counts them (code points, not UTF-16 units). */
const length = (text: string | undefined) => [...(text ?? '')].length;

export function itemStatistics(languages: readonly CourseLanguage[], quizzes: readonly QuizFile[]): ItemStatistics {
  const stats = languages.map((lang) => ({ lang, singles: 0, longestCorrect: 0 }));
  const longestItems: ItemStatistics['longestItems'] = [];
  for (const { file, quiz } of quizzes) {
    quiz.questions.forEach((question, i) => {
      if (question.type !== 'single') return;
      const longestIn: CourseLanguage[] = [];
      for (const entry of stats) {
        entry.singles += 1;
        const correct = question.options.find((o) => o.id === question.correct);
        const others = question.options.filter((o) => o !== correct).map((o) => length(o.text[entry.lang]));
        if (correct && length(correct.text[entry.lang]) > Math.max(0, ...others)) {
          entry.longestCorrect += 1;
          longestIn.push(entry.lang);
        }
      }
      if (longestIn.length) longestItems.push({ file, pointer: pointer('questions', i), languages: longestIn });
    });
  }
  return { languages: stats, longestItems };
}

/** The warnings for a course's quizzes: one per language over the limit, one per thin item. */
export function itemWarnings(statistics: ItemStatistics, quizzes: readonly QuizFile[]): PackageProblem[] {
  const warnings: PackageProblem[] = [];
  for (const { lang, singles, longestCorrect } of statistics.languages) {
    if (singles && longestCorrect / singles > LONGEST_CORRECT_LIMIT) {
      warnings.push(warning(WHOLE_PACKAGE, '', 'longestCorrect', { lang, count: longestCorrect, total: singles, percent: Math.round((100 * longestCorrect) / singles) }));
    }
  }
  for (const { file, quiz } of quizzes) {
    quiz.questions.forEach((question, i) => {
      const at = `${pointer('questions', i)}/options`;
      if (question.type === 'single' && question.options.length < MIN_SINGLE_OPTIONS) {
        warnings.push(warning(file, at, 'fewOptions', { count: question.options.length, min: MIN_SINGLE_OPTIONS }));
      } else if (question.type === 'multiple') {
        const wrong = question.options.filter((o) => !question.correct.includes(o.id)).length;
        if (wrong < MIN_WRONG_OPTIONS) warnings.push(warning(file, at, 'fewWrongOptions', { count: wrong, min: MIN_WRONG_OPTIONS }));
      }
    });
  }
  return warnings;
}
