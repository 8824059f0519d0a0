// Grading happens here and only here, on the server, from the stored answers. The partial-credit
// rule for each type is documented in docs/grading.md; change both together.
import type { Answer, Answers, BankQuestion, DrawnQuestion } from './quiz-types.ts';

/** A question's credit, from 0 to 1. An unanswered question gets 0. */
export function gradeQuestion(question: BankQuestion, answer: Answer | undefined): number {
  if (!answer) return 0;
  switch (question.type) {
    case 'single':
      return 'picks' in answer && answer.picks.length === 1 && answer.picks[0] === question.correct ? 1 : 0;
    case 'truefalse':
      return 'picks' in answer && answer.picks.length === 1 && answer.picks[0] === String(question.correct) ? 1 : 0;
    case 'multiple': {
      if (!('picks' in answer)) return 0;
      const key = new Set(question.correct);
      const picks = new Set(answer.picks);
      let right = 0;
      let wrong = 0;
      for (const pick of picks) if (key.has(pick)) right += 1;
      else wrong += 1;
      return Math.max(0, (right - wrong) / key.size);
    }
    case 'ordering': {
      if (!('order' in answer)) return 0;
      const key = question.items.map((i) => i.id);
      const position = new Map(answer.order.map((ref, i) => [ref, i]));
      let kept = 0;
      for (let i = 0; i + 1 < key.length; i += 1) {
        const here = position.get(key[i]!);
        const next = position.get(key[i + 1]!);
        if (here !== undefined && next === here + 1) kept += 1;
      }
      return kept / (key.length - 1);
    }
    case 'matching': {
      if (!('pairs' in answer)) return 0;
      const right = question.pairs.filter((p) => answer.pairs[p.id] === p.id).length;
      return right / question.pairs.length;
    }
  }
}

export interface QuestionResult {
  id: string;
  /** credit from 0 to 1 */
  credit: number;
}

export interface Grade {
  /** 0–100, rounded to one decimal */
  score: number;
  passed: boolean;
  results: QuestionResult[];
}

/** Grades the drawn questions of an attempt against its pass mark. */
export function gradeAttempt(bank: readonly BankQuestion[], drawn: readonly DrawnQuestion[], answers: Answers, passMark: number): Grade {
  const byId = new Map(bank.map((q) => [q.id, q]));
  const results = drawn.map((d) => {
    const question = byId.get(d.id);
    return { id: d.id, credit: question ? gradeQuestion(question, answers[d.id]) : 0 };
  });
  const total = results.reduce((sum, r) => sum + r.credit, 0);
  const exact = drawn.length ? (total * 100) / drawn.length : 0;
  // the comparison uses the exact share; a tiny epsilon absorbs floating-point sums such as 0.1 + 0.2
  return { score: Math.round(exact * 10) / 10, passed: exact + 1e-9 >= passMark, results };
}
