// What a learner may see after an attempt, by the quiz's review policy (docs/course-package.md):
// `full` = their answers, the correct answers and explanations; `marks` = which questions were
// right or wrong; `score` = the score only. The correct answers of a failed attempt stay hidden
// while attempts remain, whatever else happens.
import type { Language, Translate } from '../../i18n/index.ts';
import type { QuestionResult } from './grade.ts';
import { choiceTexts, pick } from './question-view.ts';
import type { Answer, BankQuestion, ReviewPolicy } from './quiz-types.ts';

export type ReviewLevel = 'full' | 'marks' | 'score';

/**
 * `quizPassed`: any attempt passed; `attemptsRemain`: the learner could still start another;
 * `attemptOpen`: an attempt is in progress. A quiz is settled only when no attempt is open and it
 * was passed or no attempt is left: an open attempt must never see the keys of an earlier one.
 */
export function reviewLevel(policy: ReviewPolicy | undefined, quizPassed: boolean, attemptsRemain: boolean, attemptOpen: boolean): ReviewLevel {
  const settled = !attemptOpen && (quizPassed || !attemptsRemain);
  switch (policy ?? 'after-pass') {
    case 'always':
      return 'full';
    case 'never':
      return 'score';
    case 'after-final':
      return settled ? 'full' : 'score';
    case 'after-pass':
      return settled ? 'full' : 'marks';
  }
}

export interface ReviewItem {
  number: number;
  text: string;
  mark: 'right' | 'partial' | 'wrong';
  markKey: string;
  yourAnswer: string[];
  correctAnswer?: string[];
  explanation?: string;
}

function describe(question: BankQuestion, answer: Answer | undefined, lang: Language, t: Translate): string[] {
  if (!answer) return [];
  const { choices, rows } = choiceTexts(question, lang, t);
  if ('picks' in answer) return answer.picks.map((p) => choices.get(p) ?? '');
  if ('order' in answer) return answer.order.map((r) => choices.get(r) ?? '');
  return Object.entries(answer.pairs).map(([l, r]) => `${rows.get(l) ?? ''} — ${choices.get(r) ?? ''}`);
}

function key(question: BankQuestion, lang: Language, t: Translate): string[] {
  const { choices, rows } = choiceTexts(question, lang, t);
  switch (question.type) {
    case 'single':
      return [choices.get(question.correct) ?? ''];
    case 'multiple':
      return question.correct.map((c) => choices.get(c) ?? '');
    case 'truefalse':
      return [choices.get(String(question.correct)) ?? ''];
    case 'ordering':
      return question.items.map((i) => choices.get(i.id) ?? '');
    case 'matching':
      return question.pairs.map((p) => `${rows.get(p.id) ?? ''} — ${choices.get(p.id) ?? ''}`);
  }
}

export function reviewItems(level: ReviewLevel, bank: readonly BankQuestion[], results: readonly QuestionResult[], answers: Record<string, Answer>, lang: Language, t: Translate): ReviewItem[] {
  if (level === 'score') return [];
  const byId = new Map(bank.map((q) => [q.id, q]));
  return results.flatMap((r, i) => {
    const question = byId.get(r.id);
    if (!question) return [];
    const mark = r.credit >= 1 ? 'right' : r.credit > 0 ? 'partial' : 'wrong';
    const item: ReviewItem = { number: i + 1, text: pick(question.text, lang), mark, markKey: `learning.review.mark.${mark}`, yourAnswer: describe(question, answers[r.id], lang, t) };
    if (level === 'full') {
      item.correctAnswer = key(question, lang, t);
      item.explanation = pick(question.explanation, lang);
    }
    return [item];
  });
}
