// Drawing an attempt: which questions, in which order, with which option order. Everything comes
// from one seed so a drawn attempt can be explained later; the result is stored in the attempt.
// Each question's option order and tokens come from courses/question-order.ts with the same seed,
// which is what the coordinator's preview shows for that seed.
import { questionOrder, seededRandom, shuffle, type Random } from '../../courses/question-order.ts';
import type { DrawnQuestion, QuizBank } from './quiz-types.ts';

// The seeded shuffle is the courses feature's, so its preview shows a question as an attempt does.
export { seededRandom, shuffle, type Random };

/** Draws `settings.draw` questions from the bank, in random order, each with its options shuffled. */
export function drawAttempt(bank: QuizBank, seed: string): DrawnQuestion[] {
  const random = seededRandom(seed);
  const count = Math.min(bank.settings.draw, bank.questions.length);
  return shuffle(bank.questions, random)
    .slice(0, count)
    .map((q) => questionOrder(q, seed));
}
