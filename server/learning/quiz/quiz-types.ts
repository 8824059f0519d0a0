// The quiz engine's own view of a question bank. It is structural on purpose: the course package's
// schema types (server/courses/package/quiz.schema.ts) fit it, and the engine stays pure.
import type { Language } from '../../i18n/index.ts';

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

/** One shown choice: `ref` is its id in the package, `token` the per-attempt id the browser sees. */
export interface ShownChoice {
  ref: string;
  token: string;
}

/**
 * A question as drawn for one attempt. `choices` are in display order: options (single, multiple),
 * true/false, items (ordering) or right-hand sides (matching); `rows` are matching's left-hand sides.
 * Browsers only ever see tokens, because package ids can encode the key (ordering items a, b, c…).
 */
export interface DrawnQuestion {
  id: string;
  type: QuestionType;
  choices: ShownChoice[];
  rows?: ShownChoice[];
}

/** A saved answer, in package ids: picked options, an order of items, or left → right pairs. */
export type Answer = { picks: string[] } | { order: string[] } | { pairs: Record<string, string> };
export type Answers = Record<string, Answer>;
