// The quiz engine's own view of a question bank. It is structural on purpose: the course package's
// schema types (server/courses/package/quiz.schema.ts) fit it, and the engine stays pure.
import type { Language } from '../../i18n/index.ts';
import type { ShownQuestion } from '../../courses/question-order.ts';
import type { QuestionAnswer } from '../../courses/question-view.ts';

export type Localised = Partial<Record<Language, string>>;
export type QuestionType = 'single' | 'multiple' | 'truefalse' | 'ordering' | 'matching';
export type ReviewPolicy = 'after-pass' | 'after-final' | 'always' | 'never';

interface Choice {
  id: string;
  text: Localised;
}
interface Base {
  id: string;
  text: Localised;
  explanation: Localised;
}

export type BankQuestion =
  | (Base & { type: 'single'; options: Choice[]; correct: string })
  | (Base & { type: 'multiple'; options: Choice[]; correct: string[] })
  | (Base & { type: 'truefalse'; correct: boolean })
  | (Base & { type: 'ordering'; items: Choice[] })
  | (Base & { type: 'matching'; pairs: { id: string; left: Localised; right: Localised }[] });

export interface QuizSettings {
  draw: number;
  passMark: number;
  timeLimitMinutes: number;
  maxAttempts: number;
  cooldownMinutes: number;
  review?: ReviewPolicy;
}

export interface QuizBank {
  settings: QuizSettings;
  questions: BankQuestion[];
}

/**
 * A question as drawn for one attempt: the order and tokens its choices are shown in. How a
 * question is shown is the courses feature's (courses/question-order.ts), so the preview matches.
 */
export type DrawnQuestion = ShownQuestion;

/** A saved answer, in package ids: picked options, an order of items, or left → right pairs. */
export type Answer = QuestionAnswer;
export type Answers = Record<string, Answer>;
