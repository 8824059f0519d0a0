// Whether a question of an attempt is answered, as the attempt's question list says it: a matching
// question with some of its rows paired is partly answered, and so is an ordering with places left
// empty, so that a learner is not told they are done while points are left on the table.
import type { Answer, DrawnQuestion } from './quiz-types.ts';

export type AnswerState = 'answered' | 'partial' | 'unanswered';

export function answerState(shown: DrawnQuestion, answer: Answer | undefined): AnswerState {
  if (!answer) return 'unanswered';
  if ('pairs' in answer) {
    const paired = Object.keys(answer.pairs).length;
    const rows = shown.rows?.length ?? paired;
    return paired === 0 ? 'unanswered' : paired < rows ? 'partial' : 'answered';
  }
  if ('order' in answer) return answer.order.length === 0 ? 'unanswered' : answer.order.length < shown.choices.length ? 'partial' : 'answered';
  return answer.picks.length ? 'answered' : 'unanswered';
}
